from fastapi import Depends, FastAPI, Request
from openai import OpenAI
from slowapi import Limiter
from slowapi.util import get_remote_address

from app.auth import current_user

app = FastAPI()
client = OpenAI(timeout=30)
limiter = Limiter(key_func=get_remote_address)


def user_key(request: Request) -> str:
    return str(request.state.user_id)


@app.post("/chat")
# ruleid: RC806
@limiter.limit("20/minute")
def chat(request: Request, prompt: str, user=Depends(current_user)):
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": prompt}])
    return {"answer": reply.choices[0].message.content}


@app.post("/chat/per-user")
# ok: RC806
@limiter.limit("20/minute", key_func=user_key)
def chat_per_user(request: Request, prompt: str, user=Depends(current_user)):
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": prompt}])
    return {"answer": reply.choices[0].message.content}


@app.post("/chat/metered")
# ok: RC806
@limiter.limit("20/minute")
def chat_metered(request: Request, prompt: str, user=Depends(current_user)):
    if user.credits <= 0:
        return {"error": "out of credits"}
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "user", "content": prompt}])
    user.credits -= 1
    return {"answer": reply.choices[0].message.content}
