import subprocess

import requests
from agents import Agent, Runner, function_tool
from langchain_core.tools import tool
from langgraph.types import interrupt

from app.db import db


# ruleid: RC801
@function_tool
def delete_account(account_id: str) -> str:
    db.accounts.delete(account_id)
    return "deleted"


# ok: RC801
@function_tool(needs_approval=True)
def close_account(account_id: str) -> str:
    db.accounts.delete(account_id)
    return "closed"


# ruleid: RC801
@tool
def run_command(command: str) -> str:
    """Run a shell command."""
    return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout


# ok: RC801
@tool
def refund_order(order_id: str) -> str:
    """Refund an order after a human approves."""
    answer = interrupt({"question": f"Refund order {order_id}?"})
    if answer != "yes":
        return "not approved"
    requests.post("https://payments.example.com/refunds", json={"order": order_id}, timeout=10)
    return "refunded"


# ok: RC801
@tool
def save_note(text: str) -> str:
    """Creating a record is listed in the inventory, not a finding."""
    db.notes.insert({"text": text})
    return "saved"


# ok: RC801
@tool
def weather(city: str) -> str:
    """Reads only."""
    return requests.get("https://weather.example.com", params={"q": city}, timeout=10).text


# ruleid: RC801
@function_tool
def post_to_webhook(url: str, body: str) -> str:
    requests.post(url, data=body, timeout=10)
    return "sent"


assistant = Agent(name="support", tools=[delete_account, close_account, post_to_webhook], model="gpt-4.1")


async def handle(question: str):
    return await Runner.run(assistant, question, max_turns=5)
