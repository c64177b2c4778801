from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from api.db import Order, get_db
from api.security import get_current_user

app = FastAPI()


# ruleid: RC202
@app.delete("/orders/{order_id}")
def delete_order(order_id: int, db: Session = Depends(get_db)):
    db.query(Order).filter(Order.id == order_id).delete()


# ok: RC202
@app.delete("/me/orders/{order_id}")
def delete_my_order(order_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    db.query(Order).filter(Order.id == order_id, Order.owner_id == user.id).delete()


# ok: RC202
@app.post("/auth/login")
def login(email: str, password: str, db: Session = Depends(get_db)):
    return db.query(Order).filter(Order.id == email).first()


# ok: RC202
@app.get("/orders/{order_id}")
def read_order(order_id: int, db: Session = Depends(get_db)):
    return db.get(Order, order_id)
