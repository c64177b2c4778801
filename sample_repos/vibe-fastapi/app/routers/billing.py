import os

import requests
import stripe
from fastapi import APIRouter, Header, HTTPException, Request

router = APIRouter(prefix="/billing", tags=["billing"])
stripe.api_key = os.environ.get("STRIPE_SECRET_KEY")
# ruleid: RC104
ADMIN_API_KEY = os.environ.get("ADMIN_API_KEY", "admin-dev-key")


async def activate_pro(customer_email: str) -> None: ...


def send_receipt(email: str) -> None:
    requests.post("https://api.mailer.example/v1/send", json={"to": email, "template": "receipt"}, timeout=10)


# Stripe sends each event at least once; every redelivery emails the receipt again.
# ruleid: RC207, RC212, RC402
@router.post("/webhook")
async def stripe_webhook(request: Request):
    event = await request.json()
    if event["type"] == "checkout.session.completed":
        await activate_pro(event["data"]["object"]["customer_email"])
        send_receipt(event["data"]["object"]["customer_email"])
    return {"received": True}


# ruleid: RC401
@router.post("/admin/refund/{charge_id}")
def refund(charge_id: str, x_admin_key: str = Header(...)):
    # ruleid: RC103
    if x_admin_key != ADMIN_API_KEY:
        raise HTTPException(status_code=403, detail="Forbidden")
    # ruleid: RC602
    return stripe.Refund.create(charge=charge_id)
