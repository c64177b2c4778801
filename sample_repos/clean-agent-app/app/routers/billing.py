import logging

import stripe
from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import STRIPE_WEBHOOK_SECRET
from app.database import get_db
from app.limits import limiter
from app.models import ProcessedEvent, User
from app.worker import send_receipt

router = APIRouter(prefix="/billing", tags=["billing"])
logger = logging.getLogger(__name__)


@router.post("/webhook")
@limiter.limit("120/minute")
async def stripe_webhook(request: Request, db: Session = Depends(get_db)):
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(payload, request.headers.get("stripe-signature", ""), STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.error.SignatureVerificationError):
        raise HTTPException(400, "Invalid signature")
    try:
        db.add(ProcessedEvent(id=event["id"]))
        db.flush()
    except IntegrityError:
        db.rollback()
        return {"received": True}  # a redelivery: handled already
    if event["type"] == "checkout.session.completed":
        session = event["data"]["object"]
        user = db.query(User).filter(User.stripe_customer_id == session["customer"]).first()
        if user is not None:
            user.plan = "pro"
            send_receipt.delay(user.id)
    db.commit()
    logger.info("stripe event %s handled", event["type"])
    return {"received": True}
