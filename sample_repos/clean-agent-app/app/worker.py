"""Background jobs (Celery). Every task has a time limit; the retried charge carries an
idempotency key, and the receipt is sent once."""
import httpx
import stripe
from celery import Celery

from app.config import OUTBOUND_TIMEOUT_SECONDS, PRO_PRICE_CENTS, REDIS_URL, STRIPE_SECRET_KEY
from app.database import SessionLocal
from app.models import User

stripe.api_key = STRIPE_SECRET_KEY
celery = Celery("notes", broker=REDIS_URL)
celery.conf.update(task_time_limit=120, task_soft_time_limit=100, task_acks_late=True)


@celery.task(autoretry_for=(stripe.error.APIConnectionError,), max_retries=5, retry_backoff=True)
def charge_pro_plan(user_id: int) -> None:
    with SessionLocal() as db:
        user = db.get(User, user_id)
        if user is None or user.stripe_customer_id is None:
            return
        stripe.PaymentIntent.create(
            amount=PRO_PRICE_CENTS,
            currency="usd",
            customer=user.stripe_customer_id,
            confirm=True,
            idempotency_key=f"pro-plan-{user_id}",
        )


@celery.task(autoretry_for=(httpx.HTTPError,), max_retries=3, retry_backoff=True)
def send_receipt(user_id: int) -> None:
    with SessionLocal() as db:
        user = db.get(User, user_id)
        if user is None or user.receipt_sent:
            return
        response = httpx.post(
            "https://api.resend.com/emails",
            json={"to": user.email, "subject": "Your receipt", "template": "receipt"},
            headers={"Idempotency-Key": f"receipt-{user_id}"},
            timeout=OUTBOUND_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        user.receipt_sent = True
        db.commit()
