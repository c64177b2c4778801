import json

import stripe
from openai import OpenAI
from pydantic import BaseModel

from app.db import db

client = OpenAI(timeout=30)


class Plan(BaseModel):
    action: str
    subscription_id: str


def ask(prompt: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content


def handle_cancellation(message: str) -> None:
    plan = json.loads(ask(f"Read this e-mail and answer as JSON with action and subscription_id: {message}"))
    # ruleid: RC807
    if plan["action"] == "cancel":
        # ruleid: RC807
        stripe.Subscription.cancel(plan["subscription_id"])


def handle_cancellation_checked(message: str) -> None:
    plan = Plan.model_validate_json(ask(f"Answer as JSON: {message}"))
    # ok: RC807
    if plan.action == "cancel":
        stripe.Subscription.cancel(plan.subscription_id)


def save_tags(note_id: int, text: str) -> None:
    tags = json.loads(ask(f"Tag this note, JSON list of strings: {text}"))
    # ruleid: RC807
    db.tags.insert_many([{"note": note_id, "tag": t} for t in tags])


def save_tags_checked(note_id: int, text: str) -> None:
    raw = json.loads(ask(f"Tag this note: {text}"))
    checked = Plan(**raw)
    # ok: RC807
    db.plans.insert_one({"note": note_id, "plan": checked.action})


def categorise(ticket: str) -> dict:
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": ticket}])
    return json.loads(reply.choices[0].message.content)


def file_ticket(ticket_id: int, text: str) -> None:
    result = categorise(text)
    # ruleid: RC807
    db.tickets.update_one({"_id": ticket_id}, {"$set": {"priority": result["priority"]}})
