import jwt

SECRET = "from-the-environment-in-real-code"


def current_user(token: str) -> str:
    # ruleid: python-jwt-decoded-without-verification
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def verified_user(token: str) -> str:
    # ok: python-jwt-decoded-without-verification
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    return claims["sub"]
