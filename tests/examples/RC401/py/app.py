from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi_limiter.depends import RateLimiter
from openai import OpenAI
from slowapi import Limiter
from slowapi.util import get_remote_address

app = FastAPI()
router = APIRouter(prefix="/auth")
limiter = Limiter(key_func=get_remote_address)
client = OpenAI(timeout=30)


# ruleid: RC401
@router.post("/login")
def login(form: dict):
    return {"token": "t"}


# ok: RC401
@router.post("/signup")
@limiter.limit("5/minute")
def signup(request: Request, form: dict):
    return {"ok": True}


# ok: RC401
@router.post("/password-reset", dependencies=[Depends(RateLimiter(times=3, seconds=60))])
def reset(form: dict):
    return {"ok": True}


# ruleid: RC401
@app.post("/summarize")
def summarize(text: str):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}], max_tokens=300)


# readycheck: rate-limit=none reason="behind the internal VPN; called by our cron only"
# ok: RC401
@app.post("/internal/digest")
def digest(text: str):
    return client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=300)


app.include_router(router)


# ok: RC401
@app.put("/profile")
def update_profile(user_data: dict):
    return {"email": user_data.get("email", "unknown")}
