from fastapi import APIRouter

router = APIRouter(prefix="/items")


# ruleid: RC402
@router.get("")
def list_items():
    return []


# readycheck: rate-limit=none reason="static list, cached at the CDN"
# ok: RC402
@router.get("/categories")
def categories():
    return ["a", "b"]


# readycheck: rate-limit=none
# ruleid: RC402
@router.get("/tags")
def tags():
    return []


# ok: RC402
@router.get("/featured")
def featured():
    return []


# ok: RC402
@router.get("/popular")
def popular():
    return []
