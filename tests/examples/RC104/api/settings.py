"""Fake fallbacks for readycheck's RC104 examples."""
import os
from os import getenv

# ruleid: RC104
JWT_SECRET = os.getenv("JWT_SECRET", "super-secret-dev-key")
# ruleid: RC104
SECRET_KEY = os.environ.get("SECRET_KEY") or "changeme"
# ruleid: RC104
STRIPE_API_KEY = getenv("STRIPE_API_KEY", "sk_test_DEMOreadycheckFAKE000000000000")
# ok: RC104
DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///dev.db")
# ok: RC104
PORT = int(os.getenv("PORT", "8000"))
# ok: RC104
OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]
# ok: RC104
SESSION_SECRET = os.getenv("SESSION_SECRET", "")
# ok: RC104
JWT_ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")
# ok: RC104
JWT_AUTH_COOKIE = os.getenv("JWT_AUTH_COOKIE", "jwt")
# ok: RC104
SESSION_COOKIE_SAMESITE = os.getenv("SESSION_COOKIE_SAMESITE", "Lax")
