import jwt
from slowapi import Limiter
from slowapi.util import get_remote_address
from starlette.requests import Request

from app.config import JWT_ALGORITHM, JWT_SECRET

limiter = Limiter(key_func=get_remote_address, default_limits=["120/minute"])


def user_or_ip(request: Request) -> str:
    """Count per signed-in user (the token's subject) when there is one, else per IP address."""
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    try:
        return "user:" + str(jwt.decode(token, JWT_SECRET, algorithms=[JWT_ALGORITHM])["sub"])
    except jwt.PyJWTError:
        return get_remote_address(request)
