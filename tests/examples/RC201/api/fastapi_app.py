from fastapi import APIRouter, Depends, FastAPI, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.database import get_db
from api.models import Product, Todo, User
from api.security import get_current_active_superuser, get_current_user

app = FastAPI()
router = APIRouter(prefix="/todos")


@router.get("/{todo_id}")
def read_todo(todo_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    return db.query(Todo).get(todo_id)


@router.delete("/{todo_id}")
def delete_todo(todo_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    todo = db.get(Todo, todo_id)
    db.delete(todo)
    db.commit()


@router.put("/{todo_id}")
def rename_todo(todo_id: int, title: str, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    todo = db.execute(select(Todo).where(Todo.id == todo_id)).scalar_one()
    todo.title = title
    db.commit()


@router.get("/{todo_id}/filtered")
def read_todo_filtered(todo_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ok: RC201
    return db.query(Todo).filter(Todo.id == todo_id, Todo.owner_id == user.id).first()


@router.patch("/{todo_id}")
def update_todo_checked(todo_id: int, title: str, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ok: RC201
    todo = db.get(Todo, todo_id)
    if todo is None or todo.owner_id != user.id:
        raise HTTPException(404)
    todo.title = title
    db.commit()


def owned_todo(todo_id: int, db: Session, user: User) -> Todo:
    todo = db.query(Todo).filter(Todo.id == todo_id, Todo.owner_id == user.id).first()
    if todo is None:
        raise HTTPException(404)
    return todo


@router.get("/{todo_id}/helper")
def read_todo_helper(todo_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ok: RC201
    return owned_todo(todo_id, db, user)


@router.delete("/{todo_id}/admin")
def admin_delete(todo_id: int, db: Session = Depends(get_db), admin: User = Depends(get_current_active_superuser)):
    # ok: RC201
    db.delete(db.get(Todo, todo_id))


@app.get("/products/{product_id}")
def read_product(product_id: int, db: Session = Depends(get_db)):
    # ok: RC201
    return db.get(Product, product_id)


def fetch_todo(db: Session, todo_id: int) -> Todo | None:
    return db.get(Todo, todo_id)


@router.get("/{todo_id}/via-crud")
def read_todo_via_crud(todo_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # the helper's lookup is followed through the call graph: nothing ties it to the caller
    # ruleid: RC201
    return fetch_todo(db, todo_id)


@router.post("/{todo_id}/share")
def share_todo(todo_id: int, email: str, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    todo = db.query(Todo).filter(Todo.id == todo_id, Todo.owner_id == user.id).first()
    # the invitee is found by the e-mail address the caller typed: not an object id
    # ok: RC201
    invitee = db.query(User).filter(User.email == email).first()
    return {"todo": todo.id, "invitee": invitee.id}


app.include_router(router, prefix="/api")
