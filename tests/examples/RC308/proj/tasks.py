import requests
from celery import shared_task
from openai import OpenAI

from proj.celery import app

client = OpenAI(timeout=30)


# ruleid: RC308
@shared_task
def summarise(doc_id: int) -> str:
    text = requests.get(f"https://docs.example.com/{doc_id}", timeout=10).text
    reply = client.chat.completions.create(model="gpt-4o", max_tokens=300, messages=[{"role": "user", "content": text}])
    return reply.choices[0].message.content


# ok: RC308
@app.task(soft_time_limit=120, time_limit=150)
def summarise_bounded(doc_id: int) -> str:
    return requests.get(f"https://docs.example.com/{doc_id}", timeout=10).text


# ok: RC308
@app.task
def add(x: int, y: int) -> int:
    return x + y


# ruleid: RC308
@app.task
def email_invoice(order_id: int, address: str) -> None:
    from django.core.mail import EmailMessage

    message = EmailMessage("Your invoice", "Attached.", "shop@example.com", [address])
    message.send()
