import resend
import stripe
from celery import shared_task

from billing.models import Order


@shared_task(autoretry_for=(Exception,), max_retries=5, retry_backoff=True)
def charge_order(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    # ruleid: RC309
    stripe.PaymentIntent.create(amount=order.total, currency="usd", customer=order.customer_id, confirm=True)
    order.status = "paid"
    order.save()


@shared_task(autoretry_for=(Exception,), max_retries=5, retry_backoff=True)
def charge_order_keyed(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    # ok: RC309
    stripe.PaymentIntent.create(amount=order.total, currency="usd", customer=order.customer_id, idempotency_key=f"order-{order_id}")


@shared_task(bind=True, max_retries=3)
def send_receipt(self, order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    try:
        # ruleid: RC309
        resend.Emails.send({"from": "shop@example.com", "to": order.email, "subject": "Receipt", "html": "..."})
    except resend.exceptions.ResendError as exc:
        raise self.retry(exc=exc)


@shared_task(bind=True, max_retries=3)
def send_receipt_once(self, order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    if order.receipt_sent:
        return
    # ok: RC309
    resend.Emails.send({"from": "shop@example.com", "to": order.email, "subject": "Receipt", "html": "..."})
    order.receipt_sent = True
    order.save()


@shared_task
def send_digest(user_id: int) -> None:
    # ok: RC309
    resend.Emails.send({"from": "news@example.com", "to": "x@example.com", "subject": "Digest", "html": "..."})
