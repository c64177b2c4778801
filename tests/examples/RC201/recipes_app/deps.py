from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token")


def get_db():
    yield None


async def get_current_user(token: str = Depends(oauth2_scheme)):
    user = decode(token)
    if user is None:
        raise HTTPException(status_code=401, detail="not signed in")
    return user


async def get_admin_user(user=Depends(get_current_user)):
    if not user.admin:
        raise HTTPException(status_code=403, detail="administrators only")
    return user
