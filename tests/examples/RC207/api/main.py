import hashlib
import hmac
import os

import stripe
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
GITHUB_SECRET = os.environ["GITHUB_WEBHOOK_SECRET"].encode()


async def mark_paid(order_id: str) -> None: ...


# ruleid: RC207
@app.post("/webhooks/stripe")
async def stripe_webhook(request: Request):
    event = await request.json()
    if event["type"] == "checkout.session.completed":
        await mark_paid(event["data"]["object"]["client_reference_id"])
    return {"received": True}


# ok: RC207
@app.post("/webhooks/stripe-verified")
async def stripe_webhook_verified(request: Request):
    payload = await request.body()
    event = stripe.Webhook.construct_event(payload, request.headers["stripe-signature"], os.environ["STRIPE_WHSEC"])
    if event["type"] == "checkout.session.completed":
        await mark_paid(event["data"]["object"]["client_reference_id"])
    return {"received": True}


# ok: RC207
@app.post("/hooks/github")
async def github_hook(request: Request):
    body = await request.body()
    expected = "sha256=" + hmac.new(GITHUB_SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
        raise HTTPException(401)
    return {"ok": True}


def verify_slack_signature(request: Request, body: bytes) -> None: ...


# ok: RC207
@app.post("/webhooks/slack")
async def slack_events(request: Request):
    body = await request.body()
    verify_slack_signature(request, body)
    return {"ok": True}


# ok: RC207
@app.post("/api/orders")
async def create_order(request: Request):
    return await request.json()
