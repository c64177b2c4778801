"""Payment reminders, sent by the nightly job (scripts/send_reminders.py)."""

import requests
from tenacity import retry, wait_exponential

from app.config import MAILER_API_KEY


# ruleid: RC307
@retry(wait=wait_exponential(multiplier=1, max=60))
def send_reminder(email: str, invoice_id: int, amount: float) -> None:
    response = requests.post(
        "https://api.mailer.example/v1/send",
        headers={"Authorization": f"Bearer {MAILER_API_KEY}"},
        json={"to": email, "template": "payment-reminder", "invoice": invoice_id, "amount": amount},
        timeout=10,
    )
    response.raise_for_status()
