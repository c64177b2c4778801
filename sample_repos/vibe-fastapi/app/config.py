import os

# ruleid: RC101, bandit/B105
SECRET_KEY = "hx7Qp2Lm9Vr4Tz8Kc1Nw6Bs3Df5Gj0Ya"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 30

# ruleid: RC104
STRIPE_WEBHOOK_SECRET = os.getenv("STRIPE_WEBHOOK_SECRET", "whsec_demoReadycheckFallback0000000000")
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY")
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///./dev.db")
# ruleid: RC710
MAILER_API_KEY = os.environ.get("MAILER_API_KEY")
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
