"""Facts about token values that several models and checks read."""

from __future__ import annotations

import base64
import json


def jwt_role(token: str) -> str | None:
    """The ``role`` claim of a JWT (Supabase puts ``anon`` or ``service_role`` there), or
    None when the token does not decode or has no role. The signature is not verified."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeError):
        return None
    role = claims.get("role") if isinstance(claims, dict) else None
    return role if isinstance(role, str) else None
