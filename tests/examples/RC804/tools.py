import logging

import stripe
from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent

from app.db import db

audit = logging.getLogger("audit")


# ruleid: RC804
@tool
def cancel_subscription(subscription_id: str) -> str:
    """Cancel a subscription."""
    stripe.Subscription.cancel(subscription_id)
    return "cancelled"


# ok: RC804
@tool
def archive_project(project_id: int) -> str:
    """Archive a project."""
    db.projects.update_one({"_id": project_id}, {"$set": {"archived": True}})
    audit.info("agent archived project %s", project_id)
    return "archived"


# ok: RC804
@tool
def search_docs(query: str) -> list[str]:
    """Search the docs."""
    return [d["title"] for d in db.docs.find({"$text": {"$search": query}}).limit(10)]


agent = create_react_agent("openai:gpt-4o-mini", tools=[cancel_subscription, archive_project, search_docs])
