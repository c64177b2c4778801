import logging
import os
import time

import sentry_sdk
from fastapi import FastAPI, Request
from slowapi import _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded

from app.limits import limiter
from app.routers import admin, assistant, auth, billing, notes

sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), traces_sample_rate=0.1)
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
request_log = logging.getLogger("request")

app = FastAPI(title="Notes API")
app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)


@app.middleware("http")
async def log_requests(request: Request, call_next):
    started = time.perf_counter()
    response = await call_next(request)
    request_log.info(
        "%s %s %s %.1fms", request.method, request.url.path, response.status_code,
        (time.perf_counter() - started) * 1000,
    )
    return response


app.include_router(auth.router)
app.include_router(notes.router)
app.include_router(admin.router)
app.include_router(assistant.router)
app.include_router(billing.router)


# readycheck: rate-limit=none reason="liveness probe for the load balancer; constant answer, no database"
@app.get("/healthz")
def healthz():
    return {"status": "ok"}
