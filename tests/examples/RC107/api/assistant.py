"""Prompts of an AI support assistant (readycheck's RC107 examples)."""
import os

import anthropic
from langchain_core.messages import SystemMessage
from openai import OpenAI

from .config import settings

client = OpenAI()
claude = anthropic.Anthropic()

SYSTEM_PROMPT = (
    "You are the billing assistant. "
    # ruleid: RC107
    f"Use the Stripe key {settings.STRIPE_SECRET_KEY} to look up charges."
)


def answer(question: str, user_name: str) -> str:
    messages = [
        # ruleid: RC107
        {"role": "system", "content": f"Database password: {os.environ['DB_PASSWORD']}. Answer SQL questions."},
        # ok: RC107
        {"role": "user", "content": f"{question} (api key rotation policy?)"},
    ]
    # ok: RC107
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages, max_tokens=500)
    return reply.choices[0].message.content or ""


def summarise(text: str, max_tokens: int) -> str:
    # ok: RC107
    system = f"Summarise in at most {max_tokens} tokens for {settings.COMPANY_NAME}."
    reply = claude.messages.create(model="claude-sonnet-4-5", system=system, max_tokens=max_tokens, messages=[{"role": "user", "content": text}])
    return reply.content[0].text


def agent_prompt(api_key: str) -> list:
    # ruleid: RC107
    return [SystemMessage(content="Call the CRM with header X-Api-Key: " + api_key), ("human", "hi")]


def instructions_for(tenant: str) -> str:
    # ruleid: RC107
    return client.responses.create(model="gpt-4o-mini", instructions="Webhook secret is {}".format(os.getenv("WEBHOOK_SECRET")), input=tenant, max_output_tokens=300).output_text
