"""Fake pydantic-settings defaults for readycheck's RC104 examples (the full-stack-fastapi
template's shape)."""
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    # ruleid: RC104
    SECRET_KEY: str = "changethis"
    # ruleid: RC104
    STRIPE_WEBHOOK_SECRET: SecretStr = SecretStr("whsec_DemoReadycheckFAKE000000000000")
    # ruleid: RC104
    openai_api_key: str = Field(default="sk-proj-DEMOreadycheckFAKE55555555555555555555555555555555555")
    # ok: RC104
    POSTGRES_PASSWORD: str
    # ok: RC104
    PROJECT_NAME: str = "Invoices"
    # ok: RC104
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
    # ok: RC104
    SENTRY_DSN: str | None = None
