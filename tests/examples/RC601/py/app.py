import logging

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


# ok: RC601
@app.get("/orders")
def list_orders():
    log.info("orders listed")
    return []


# ruleid: RC601
@app.get("/orders/{order_id}")
def get_order(order_id: int):
    return {"id": order_id}


# ok: RC601
@app.post("/orders")
def create_order():
    return {}
