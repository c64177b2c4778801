"""Invoice assistant: the model answers questions about invoices and may call the tools below
(OpenAI function calling)."""
import json

from openai import OpenAI
from sqlalchemy import text

from app.config import OPENAI_API_KEY
from app.database import SessionLocal
from app.models import Invoice

client = OpenAI(api_key=OPENAI_API_KEY, timeout=30)


# The model chooses whose invoices it reads: "list the invoices of user 7" works for anyone.
# ruleid: RC802
def list_invoices(user_id: int) -> list[dict]:
    with SessionLocal() as db:
        rows = db.query(Invoice).filter(Invoice.owner_id == user_id).limit(50)
        return [{"id": i.id, "amount": i.amount} for i in rows]


def delete_invoice(invoice_id: int) -> str:
    with SessionLocal() as db:
        db.query(Invoice).filter(Invoice.id == invoice_id).delete()
        db.commit()
    return "deleted"


FUNCTIONS = {"list_invoices": list_invoices, "delete_invoice": delete_invoice}

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "list_invoices",
            "parameters": {"type": "object", "properties": {"user_id": {"type": "integer"}}},
        },
    },
    # Deletes an invoice as soon as the model asks; no person confirms, and nothing records it.
    # ruleid: RC801, RC804
    {
        "type": "function",
        "function": {
            "name": "delete_invoice",
            "parameters": {"type": "object", "properties": {"invoice_id": {"type": "integer"}}},
        },
    },
]


def ask(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o",
        max_tokens=500,
        messages=[{"role": "user", "content": question}],
        tools=TOOLS,
    )
    message = reply.choices[0].message
    for call in message.tool_calls or []:
        FUNCTIONS[call.function.name](**json.loads(call.function.arguments))
    return message.content or ""


def report(question: str) -> list[dict]:
    """"Ask your data": the model writes the SQL and the app runs it as written."""
    sql = ask(f"Write one SQLite query over the invoices table that answers: {question}")
    with SessionLocal() as db:
        # ruleid: RC803
        rows = db.execute(text(sql)).mappings().all()
    return [dict(r) for r in rows]
