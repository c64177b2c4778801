from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from app.agent import MAX_STEPS, assistant
from app.limits import limiter, user_or_ip
from app.models import User
from app.security import current_user

router = APIRouter(prefix="/assistant", tags=["assistant"])


class Question(BaseModel):
    text: str = Field(max_length=2_000)
    thread: str = Field(max_length=64)


@router.post("")
@limiter.limit("10/minute", key_func=user_or_ip)
def ask(request: Request, question: Question, user: User = Depends(current_user)):
    config = {"configurable": {"user_id": user.id, "thread_id": f"{user.id}:{question.thread}"}, "recursion_limit": MAX_STEPS}
    state = assistant.invoke({"messages": [("user", question.text)]}, config=config)
    return {"answer": state["messages"][-1].content}
