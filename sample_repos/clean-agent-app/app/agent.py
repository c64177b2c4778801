"""The notes assistant: a LangGraph agent whose tools act only on the signed-in user's notes.

The user id comes from the run's config (set by the endpoint from the session), never from the
model; deleting asks the user first (``interrupt``); the run has a step cap and a token cap.
"""
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import MemorySaver
from langgraph.prebuilt import create_react_agent
from langgraph.types import interrupt

from app import audit
from app.config import LLM_TIMEOUT_SECONDS, OPENAI_API_KEY
from app.database import SessionLocal
from app.models import Note

MAX_STEPS = 8

llm = ChatOpenAI(model="gpt-4o-mini", api_key=OPENAI_API_KEY, max_tokens=800, timeout=LLM_TIMEOUT_SECONDS)


@tool
def list_my_notes(config: RunnableConfig) -> list[dict]:
    """List the titles of the signed-in user's 50 most recent notes."""
    user_id = config["configurable"]["user_id"]
    with SessionLocal() as db:
        notes = db.query(Note).filter(Note.owner_id == user_id).order_by(Note.id.desc()).limit(50)
        return [{"id": n.id, "title": n.title} for n in notes]


@tool
def delete_my_note(note_id: int, config: RunnableConfig) -> str:
    """Delete one of the signed-in user's notes, after the user confirms."""
    user_id = config["configurable"]["user_id"]
    if interrupt({"question": f"Delete note {note_id}?"}) != "yes":
        return "cancelled"
    with SessionLocal() as db:
        note = db.query(Note).filter(Note.id == note_id, Note.owner_id == user_id).first()
        if note is None:
            return "no such note"
        db.delete(note)
        audit.record(db, actor_id=user_id, action="note.delete", object_type="note", object_id=note_id)
        db.commit()
    return "deleted"


assistant = create_react_agent(llm, tools=[list_my_notes, delete_my_note], checkpointer=MemorySaver())
