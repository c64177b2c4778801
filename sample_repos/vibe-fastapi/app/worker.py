"""Background jobs (Celery): invoice PDFs and card charges run here, off the request path."""
import requests
import stripe
from celery import Celery

from app.config import REDIS_URL

celery = Celery("invoiceai", broker=REDIS_URL)


# A PDF service that hangs keeps this worker busy for good: no time limit anywhere.
# ruleid: RC308
@celery.task
def render_invoice_pdf(invoice_id: int) -> bytes:
    response = requests.post("https://pdf.example/render", json={"invoice": invoice_id}, timeout=30)
    return response.content


# Retried on a network error after Stripe may already have charged the card.
# ruleid: RC308
@celery.task(autoretry_for=(stripe.error.APIConnectionError,), max_retries=5, retry_backoff=True)
def charge_invoice(invoice_id: int, customer_id: str, amount_cents: int) -> None:
    # ruleid: RC309
    stripe.PaymentIntent.create(amount=amount_cents, currency="usd", customer=customer_id, confirm=True)
