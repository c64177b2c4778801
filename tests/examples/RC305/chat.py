from anthropic import Anthropic
from fastapi import FastAPI
from openai import OpenAI
from pydantic import BaseModel

app = FastAPI()
client = OpenAI(timeout=30)
claude = Anthropic(timeout=30)


class Ask(BaseModel):
    prompt: str
    max_tokens: int = 500


@app.post("/ask")
def ask(body: Ask):
    # ruleid: RC305
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": body.prompt}])
    # ruleid: RC305
    client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=body.max_tokens)
    # ok: RC305
    client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=400)
    # ok: RC305
    client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=min(body.max_tokens, 800))
    # ruleid: RC305
    client.responses.create(model="gpt-4o", input=body.prompt)
    # ok: RC305
    claude.messages.create(model="claude-sonnet-4", max_tokens=1024, messages=[])
    # ok: RC305
    client.messages.create(to="+15550100", body="not an LLM: Twilio-style SMS")
    settings = {"max_tokens": 300}
    # ok: RC305
    return client.chat.completions.create(model="gpt-4o", messages=[], **settings)


from langchain_openai import ChatOpenAI  # noqa: E402
from langchain_anthropic import ChatAnthropic  # noqa: E402

# ruleid: RC305
writer = ChatOpenAI(model="gpt-4o-mini")
# ok: RC305
summariser = ChatOpenAI(model="gpt-4o-mini", max_tokens=400)
# ok: RC305
claude_chat = ChatAnthropic(model="claude-sonnet-4-5")
# ok: RC305
configurable = ChatOpenAI(model="gpt-4o-mini", model_kwargs={"max_tokens": 300})
