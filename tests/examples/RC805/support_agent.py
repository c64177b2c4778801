import logging

import requests
import stripe
from fastapi import FastAPI
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

app = FastAPI()
log = logging.getLogger("agent")
llm = ChatOpenAI(model="gpt-4o-mini", max_tokens=500)


@tool
def refund_order(charge_id: str) -> str:
    """Refund a charge."""
    stripe.Refund.create(charge=charge_id)
    log.info("refunded %s", charge_id)
    return "refunded"


@tool
def lookup_order(order_id: str) -> dict:
    """Look an order up."""
    return {"id": order_id}


support = create_react_agent(llm, tools=[refund_order, lookup_order])
reader = create_react_agent(llm, tools=[lookup_order])


@app.post("/tickets/from-url")
def ticket_from_url(url: str):
    page = requests.get(url, timeout=10).text
    # ruleid: RC805
    state = support.invoke({"messages": [("user", f"Handle the complaint on this page: {page}")]})
    return {"answer": state["messages"][-1].content}


@app.post("/tickets/summary")
def summarise(url: str):
    page = requests.get(url, timeout=10).text
    # ok: RC805
    state = reader.invoke({"messages": [("user", f"Summarise: {page}")]})
    return {"answer": state["messages"][-1].content}


@app.post("/tickets/chat")
def chat(question: str):
    # ruleid: RC805
    state = support.invoke({"messages": [("user", question)]})
    return {"answer": state["messages"][-1].content}
