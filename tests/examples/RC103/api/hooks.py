import hashlib
import hmac
import os

SECRET = os.environ["WEBHOOK_SECRET"].encode()
API_KEY = os.environ["API_KEY"]


def check_signature(body: bytes, signature: str) -> bool:
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    # ruleid: RC103
    return signature == expected


def check_api_key(headers: dict) -> bool:
    # ruleid: RC103
    return headers.get("X-API-Key") == API_KEY


def check_otp(user, otp: str) -> bool:
    # ruleid: RC103
    if user.otp != otp:
        return False
    return True


def safe_signature(body: bytes, signature: str) -> bool:
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    # ok: RC103
    return hmac.compare_digest(signature, expected)


def describe(token, token_type: str, signature) -> str:
    # ok: RC103
    if token_type == "bearer":
        return "bearer"
    # ok: RC103
    if token is None or len(signature) == 64:
        return "short"
    # ok: RC103
    if token.user_id == 7:
        return "seven"
    return "other"
