import backoff
import requests
from celery import shared_task
from tenacity import retry, stop_after_attempt, wait_exponential


# ruleid: RC307
@retry(wait=wait_exponential())
def send_receipt(order_id: int) -> None:
    requests.post("https://api.mail.example/send", json={"order": order_id}, timeout=10)


# ok: RC307
@retry(wait=wait_exponential(), stop=stop_after_attempt(5))
def send_invoice(order_id: int) -> None:
    requests.post("https://api.mail.example/send", json={"order": order_id}, timeout=10)


# ruleid: RC307
@backoff.on_exception(backoff.expo, requests.RequestException)
def push(url: str) -> None:
    requests.post(url, timeout=10)


# ok: RC307
@backoff.on_exception(backoff.expo, requests.RequestException, max_tries=5)
def push_bounded(url: str) -> None:
    requests.post(url, timeout=10)


# ruleid: RC307
@shared_task(bind=True, autoretry_for=(Exception,), max_retries=None)
def charge(self, order_id: int) -> None:
    requests.post("https://api.payments.example/charge", json={"order": order_id}, timeout=10)


# ok: RC307
@shared_task(bind=True, autoretry_for=(Exception,), max_retries=3)
def charge_bounded(self, order_id: int) -> None:
    requests.post("https://api.payments.example/charge", json={"order": order_id}, timeout=10)


def deliver(url: str) -> None:
    # ruleid: RC307
    while True:
        try:
            requests.post(url, timeout=10)
            return
        except requests.RequestException:
            continue


def deliver_bounded(url: str) -> None:
    attempts = 0
    # ok: RC307
    while True:
        attempts += 1
        try:
            requests.post(url, timeout=10)
            return
        except requests.RequestException:
            if attempts >= 5:
                raise
