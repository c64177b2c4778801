from fastapi import APIRouter, Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.db import Base, User, engine, get_db
from api.security import get_admin_user, get_current_user, require_role

app = FastAPI()
admin = APIRouter(prefix="/admin")
staff = APIRouter(prefix="/admin/reports", dependencies=[Depends(require_role("auditor"))])


class Promote(BaseModel):
    user_id: int
    role: str


# ruleid: RC210
@app.get("/reset_db")
def reset_db():
    Base.metadata.drop_all(bind=engine)
    Base.metadata.create_all(bind=engine)


# ruleid: RC210
@admin.delete("/users/{user_id}")
def delete_user(user_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    db.query(User).filter(User.id == user_id).delete()


# ruleid: RC210
@app.delete("/users")
def purge_users(db: Session = Depends(get_db), user=Depends(get_current_user)):
    db.query(User).delete()


# ok: RC210
@admin.get("/users")
def list_users(db: Session = Depends(get_db), user=Depends(get_admin_user)):
    return db.query(User).all()


# ok: RC210
@staff.get("/daily")
def daily_report(db: Session = Depends(get_db)):
    return db.query(User).count()


# ok: RC210
@app.delete("/me/sessions")
def sign_out_everywhere(db: Session = Depends(get_db), user=Depends(get_current_user)):
    db.query(User).filter(User.id == user.id).delete()


# ruleid: RC210
@app.post("/users/promote")
def promote(body: Promote, db: Session = Depends(get_db), user=Depends(get_current_user)):
    if body.role == "admin":
        db.query(User).filter(User.id == body.user_id).update({"role": "admin"})


# ok: RC210
@app.post("/users/invite")
def invite(body: Promote, db: Session = Depends(get_db), user=Depends(get_current_user)):
    if body.role == "admin" and not user.is_superuser:
        raise HTTPException(status_code=403)
    db.add(User(id=body.user_id, role=body.role))


# ok: RC210
@admin.post("/users/{user_id}/ban")
def ban_user(user_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    if not user.is_superuser:
        raise HTTPException(status_code=403)
    db.query(User).filter(User.id == user_id).update({"active": False})


app.include_router(admin)
app.include_router(staff)
