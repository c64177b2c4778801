import requests
from fastapi import APIRouter, Depends
from openai import OpenAI
from pydantic import BaseModel

from app.auth import get_current_user
from app.config import MAILER_API_KEY, OPENAI_API_KEY

router = APIRouter(prefix="/ai", tags=["ai"])
# ruleid: RC303
client = OpenAI(api_key=OPENAI_API_KEY)


class DraftRequest(BaseModel):
    prompt: str
    company_url: str | None = None


# ruleid: RC401
@router.post("/draft-email")
def draft_email(req: DraftRequest, user=Depends(get_current_user)):
    context = ""
    if req.company_url:
        # ruleid: RC303, bandit/B113
        context = requests.get(req.company_url).text[:2000]
    # ruleid: RC305
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {
                "role": "system",
                "content": (
                    "You write friendly payment reminder emails. To send one, call the mailer API "
                    # ruleid: RC107
                    f"with header X-Api-Key: {MAILER_API_KEY}."
                ),
            },
            {"role": "user", "content": req.prompt + "\n\n" + context},
        ],
    )
    return {"email": completion.choices[0].message.content}
