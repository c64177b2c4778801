from fastapi import APIRouter, HTTPException

from app.users import find_user, send_reset, verify

router = APIRouter(prefix="/auth")


@router.post("/login")
def login(email: str, password: str):
    user = find_user(email)
    if user is None:
        # ruleid: RC606
        raise HTTPException(status_code=404, detail="No account with this email")
    if not verify(password, user.password_hash):
        # ok: RC606
        raise HTTPException(status_code=401, detail="Wrong password")
    return {"token": "..."}


@router.post("/forgot-password")
def forgot(email: str):
    user = find_user(email)
    if user is not None:
        send_reset(user)
    # ok: RC606
    return {"message": "If this address has an account, we sent a link."}
