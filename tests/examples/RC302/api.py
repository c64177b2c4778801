from fastapi import Depends, FastAPI, Query
from rest_framework.pagination import PageNumberPagination

app = FastAPI()


@app.get("/items")
def list_items(limit: int = 100, db=Depends(lambda: None)):
    # ruleid: RC302
    return db.query(Item).limit(limit).all()


@app.get("/items/bounded")
def list_bounded(limit: int = Query(50, ge=1, le=100), db=Depends(lambda: None)):
    # ok: RC302
    return db.query(Item).limit(limit).all()


@app.get("/items/clamped")
def list_clamped(limit: int = 100, db=Depends(lambda: None)):
    # ok: RC302
    return db.query(Item).limit(min(limit, 100)).all()



# ruleid: RC302
class OpenPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


# ok: RC302
class CappedPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
