from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app import audit
from app.database import get_db
from app.limits import limiter
from app.models import User
from app.security import require_admin

router = APIRouter(prefix="/admin", tags=["admin"])


class RoleIn(BaseModel):
    role: Literal["member", "admin"]


@router.patch("/users/{user_id}/role")
@limiter.limit("10/minute")
def change_role(
    request: Request, user_id: int, body: RoleIn, db: Session = Depends(get_db), admin: User = Depends(require_admin)
):
    target = db.get(User, user_id)
    if target is None:
        raise HTTPException(404, "User not found")
    target.role = body.role
    audit.record(db, actor_id=admin.id, action="user.role", object_type="user", object_id=user_id)
    db.commit()
    return {"id": target.id, "role": target.role}
