import os

from pydantic_settings import BaseSettings, SettingsConfigDict

# ok: RC710
DATABASE_URL = os.environ["DATABASE_URL"]
# ruleid: RC710
SENTRY_DSN = os.getenv("SENTRY_DSN", "")
# ok: RC710
PORT = int(os.environ.get("PORT", "8000"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")

    # ruleid: RC710
    mailer_key: str = ""

# ok: RC710
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")
