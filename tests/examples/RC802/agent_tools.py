from typing import Annotated

from agents import Agent, RunContextWrapper, function_tool
from langchain_core.tools import InjectedToolArg, tool

from app.db import db


@tool
# ruleid: RC802
def list_invoices(user_id: str) -> list[dict]:
    """The model chooses whose invoices to read."""
    return db.invoices.find({"user_id": user_id})


@tool
# ok: RC802
def my_invoices(user_id: Annotated[str, InjectedToolArg]) -> list[dict]:
    """The application injects the id; the model never sees it."""
    return db.invoices.find({"user_id": user_id})


@function_tool
# ok: RC802
def team_report(ctx: RunContextWrapper, team_id: str) -> str:
    """Compared with the caller before use."""
    if team_id != ctx.context.user.team_id:
        raise PermissionError("not your team")
    return db.reports.find_one({"team_id": team_id})


@function_tool
# ruleid: RC802
def update_email(customerId: str, email: str) -> str:
    db.customers.update({"id": customerId}, {"email": email})
    return "updated"


@function_tool
# ok: RC802
def lookup_city(city: str) -> str:
    return db.cities.find_one({"name": city})


agent = Agent(name="billing", tools=[list_invoices, my_invoices, team_report, update_email, lookup_city], model="gpt-4.1")
