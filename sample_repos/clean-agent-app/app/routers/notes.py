import logging

import httpx
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app import audit
from app.config import MAX_PAGE_SIZE, OUTBOUND_TIMEOUT_SECONDS
from app.database import get_db
from app.limits import limiter
from app.models import Note, User
from app.security import current_user

router = APIRouter(prefix="/notes", tags=["notes"])
logger = logging.getLogger(__name__)


class NoteIn(BaseModel):
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=20_000)


@router.get("")
@limiter.limit("60/minute")
def list_notes(
    request: Request,
    offset: int = Query(0, ge=0),
    limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
):
    query = db.query(Note).filter(Note.owner_id == user.id).order_by(Note.id)
    return query.offset(offset).limit(limit).all()


def owned_note(note_id: int, db: Session, user: User) -> Note:
    note = db.query(Note).filter(Note.id == note_id, Note.owner_id == user.id).first()
    if note is None:
        raise HTTPException(404, "Note not found")
    return note


@router.get("/{note_id}")
@limiter.limit("60/minute")
def get_note(request: Request, note_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)):
    return owned_note(note_id, db, user)


@router.post("", status_code=201)
@limiter.limit("30/minute")
def create_note(request: Request, body: NoteIn, db: Session = Depends(get_db), user: User = Depends(current_user)):
    note = Note(owner_id=user.id, title=body.title, body=body.body)
    db.add(note)
    db.commit()
    return note


@router.delete("/{note_id}", status_code=204)
@limiter.limit("30/minute")
def delete_note(request: Request, note_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)):
    note = owned_note(note_id, db, user)
    db.delete(note)
    audit.record(db, actor_id=user.id, action="note.delete", object_type="note", object_id=note_id)
    db.commit()


@router.post("/{note_id}/preview-link")
@limiter.limit("10/minute")
def preview_link(request: Request, note_id: int, url: str, db: Session = Depends(get_db), user: User = Depends(current_user)):
    owned_note(note_id, db, user)
    try:
        response = httpx.get(url, timeout=OUTBOUND_TIMEOUT_SECONDS, follow_redirects=False)
    except httpx.HTTPError:
        logger.warning("preview fetch failed note=%s", note_id, exc_info=True)
        raise HTTPException(502, "Could not fetch the link")
    return {"status": response.status_code, "length": len(response.content)}
