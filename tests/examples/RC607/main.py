from fastapi import FastAPI

app = FastAPI()


# ruleid: RC607
@app.get("/items")
def items():
    return []


# ok: RC607
@app.get("/items/{item_id}")
def item(item_id: int):
    return {"id": item_id}
