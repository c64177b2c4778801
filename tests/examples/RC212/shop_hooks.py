import stripe
from celery import shared_task
from django.core.mail import send_mail
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from shop.models import Order


@shared_task
def send_invoice(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    send_mail("Your invoice", "Thanks!", "shop@example.com", [order.email])


@csrf_exempt
def stripe_webhook(request):
    event = stripe.Webhook.construct_event(request.body, request.META["HTTP_STRIPE_SIGNATURE"], "whsec")
    if event.type == "checkout.session.completed":
        order = Order.objects.get(pk=event.data.object.client_reference_id)
        order.paid = True
        order.save()
        send_invoice.delay(order.id)
    return HttpResponse(status=200)


urlpatterns = [
    # ruleid: RC212
    path("payment/webhook/", stripe_webhook),
]
