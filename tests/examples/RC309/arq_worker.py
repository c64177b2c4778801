import httpx
from arq import Retry
from arq.worker import func

from app.mail import send_email


async def send_welcome(ctx, email: str) -> None:
    try:
        # ruleid: RC309
        await send_email(to=email, subject="Welcome")
    except httpx.HTTPError as exc:
        raise Retry(defer=10) from exc


async def refresh_feed(ctx, feed_id: int) -> None:
    # ok: RC309
    await send_email(to="ops@example.com", subject=f"feed {feed_id} refreshed")


class WorkerSettings:
    functions = [func(send_welcome, timeout=30), refresh_feed]
