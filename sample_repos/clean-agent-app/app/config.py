"""Settings come from the environment only; the app refuses to start without them."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]
JWT_SECRET = os.environ["JWT_SECRET"]
JWT_ALGORITHM = "HS256"
ACCESS_TOKEN_MINUTES = 30
MAX_PAGE_SIZE = 100
OUTBOUND_TIMEOUT_SECONDS = 5.0
OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]
STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
REDIS_URL = os.environ["REDIS_URL"]
PRO_PRICE_CENTS = int(os.environ["PRO_PRICE_CENTS"])
LLM_TIMEOUT_SECONDS = 30.0
