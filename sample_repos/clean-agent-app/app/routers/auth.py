import logging

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.orm import Session

from app.database import get_db
from app.limits import limiter
from app.models import User
from app.security import issue_token, passwords

router = APIRouter(prefix="/auth", tags=["auth"])
security_log = logging.getLogger("security")


@router.post("/token")
@limiter.limit("5/minute")
def login(request: Request, form: OAuth2PasswordRequestForm = Depends(), db: Session = Depends(get_db)):
    user = db.query(User).filter(User.email == form.username).first()
    if user is None or not passwords.verify(form.password, user.password_hash):
        security_log.warning("login failed ip=%s", request.client.host if request.client else "-")
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid email or password")
    security_log.info("login ok user=%s", user.id)
    return {"access_token": issue_token(user), "token_type": "bearer"}
