"""Typed settings read from the environment, as the contract names them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.kernel.person import DEVELOPMENT_SECRET

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = PROJECT_ROOT / "var"


def default_sqlite_url(service: str) -> str:
    """A SQLite file per service under var/, the development default."""
    return f"sqlite+aiosqlite:///{VAR_DIR / f'{service}.db'}"


class ServiceSettings(BaseSettings):
    """Settings every service shares. Subclasses set `service_name` and `env_prefix`."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "service"
    default_port: ClassVar[int] = 8000

    port: int = 0
    database_url: str = ""
    nats_url: str = Field(
        default="nats://127.0.0.1:4222", validation_alias=AliasChoices("NATS_URL", "nats_url")
    )
    jwks_url: str = Field(
        default="http://127.0.0.1:8000/.well-known/jwks.json",
        validation_alias=AliasChoices("JWKS_URL", "jwks_url"),
    )
    jwt_issuer: str = Field(
        default="perkeso-gateway", validation_alias=AliasChoices("JWT_ISSUER", "jwt_issuer")
    )
    jwt_audience: str = Field(
        default="perkeso", validation_alias=AliasChoices("JWT_AUDIENCE", "jwt_audience")
    )
    environment: str = Field(
        default="development", validation_alias=AliasChoices("ENVIRONMENT", "environment")
    )
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL", "log_level"))
    log_json: bool = Field(default=True, validation_alias=AliasChoices("LOG_JSON", "log_json"))
    # A back-dated or frozen business clock ("2025-08-20T10:00:00+08:00"); unset means real time.
    business_time: datetime | None = Field(
        default=None, validation_alias=AliasChoices("BUSINESS_TIME", "business_time")
    )
    # Prefixes durable consumer names: two deployments sharing one NATS (tests, blue/green) stay apart.
    consumer_prefix: str = Field(
        default="", validation_alias=AliasChoices("CONSUMER_PREFIX", "consumer_prefix")
    )
    # A new durable consumer starts this many seconds back in its stream instead of at its start.
    # Unset (production): a new consumer reads every event its stream keeps. The tests set it, as
    # each test's services make new durables on one server, and reading every earlier test's
    # events (a 10,000-person submission among them) made a late test wait minutes for its own.
    consumer_history_seconds: float | None = Field(
        default=None,
        gt=0,
        validation_alias=AliasChoices("CONSUMER_HISTORY_SECONDS", "consumer_history_seconds"),
    )
    # A consumer parks an event that failed this many deliveries (a dead letter) and goes on.
    consumer_max_deliveries: int = Field(
        default=5,
        ge=1,
        validation_alias=AliasChoices("CONSUMER_MAX_DELIVERIES", "consumer_max_deliveries"),
    )
    outbox_poll_seconds: float = Field(
        default=0.5, validation_alias=AliasChoices("OUTBOX_POLL_SECONDS", "outbox_poll_seconds")
    )
    outbox_batch_size: int = Field(
        default=500, validation_alias=AliasChoices("OUTBOX_BATCH_SIZE", "outbox_batch_size")
    )
    db_pool_size: int = Field(
        default=10, validation_alias=AliasChoices("DB_POOL_SIZE", "db_pool_size")
    )
    idempotency_ttl_hours: int = Field(
        default=48, validation_alias=AliasChoices("IDEMPOTENCY_TTL_HOURS", "idempotency_ttl_hours")
    )
    # How often each deadline check looks again (shared.persistence.deadline_watcher); it also
    # looks at start, so what passed while the service was down is raised then.
    deadline_check_seconds: float = Field(
        default=60.0,
        gt=0,
        validation_alias=AliasChoices("DEADLINE_CHECK_SECONDS", "deadline_check_seconds"),
    )
    # The HMAC key of `person_key`, the same in every service (shared.kernel.person).
    person_key_secret: str = Field(
        default=DEVELOPMENT_SECRET,
        validation_alias=AliasChoices("PERSON_KEY_SECRET", "person_key_secret"),
    )

    @model_validator(mode="after")
    def _fill_defaults(self) -> ServiceSettings:
        if not self.port:
            self.port = self.default_port
        if not self.database_url:
            self.database_url = default_sqlite_url(self.service_name)
        if self.business_time is not None and self.business_time.tzinfo is None:
            raise ValueError("BUSINESS_TIME must carry a UTC offset, e.g. +08:00")
        if self.environment.lower() == "production" and (
            self.person_key_secret == DEVELOPMENT_SECRET
            or self.person_key_secret.startswith("REPLACE-ME")
            or len(self.person_key_secret) < 32
        ):
            raise ValueError(
                "PERSON_KEY_SECRET must be set in production: a random secret of 32 characters "
                "or more, the same in every service"
            )
        return self
