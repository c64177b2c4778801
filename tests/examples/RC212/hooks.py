import stripe
from fastapi import FastAPI, Request

from app.db import db
from app.mail import send_email

app = FastAPI()


# ruleid: RC212
@app.post("/webhooks/stripe")
async def stripe_webhook(request: Request):
    event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], "whsec")
    if event["type"] == "invoice.paid":
        invoice = event["data"]["object"]
        db.payments.insert_one({"customer": invoice["customer"], "amount": invoice["amount_paid"]})
        send_email(invoice["customer_email"], "Thanks for your payment")
    return {"ok": True}


# ok: RC212
@app.post("/webhooks/stripe-once")
async def stripe_webhook_once(request: Request):
    event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], "whsec")
    if db.processed_events.find_one({"_id": event["id"]}):
        return {"ok": True}
    db.processed_events.insert_one({"_id": event["id"]})
    invoice = event["data"]["object"]
    db.payments.insert_one({"customer": invoice["customer"], "amount": invoice["amount_paid"]})
    return {"ok": True}


# ok: RC212
@app.post("/webhooks/stripe-status")
async def stripe_status(request: Request):
    event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], "whsec")
    db.subscriptions.update_one({"customer": event["data"]["object"]["customer"]}, {"$set": {"status": "active"}})
    return {"ok": True}
