"""Settings come from the environment only; the app refuses to start without them."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]
JWT_SECRET = os.environ["JWT_SECRET"]
JWT_ALGORITHM = "HS256"
ACCESS_TOKEN_MINUTES = 30
MAX_PAGE_SIZE = 100
OUTBOUND_TIMEOUT_SECONDS = 5.0
