"""Appeals service settings (APPEALS_PORT, APPEALS_DATABASE_URL, ...)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from services.appeals.domain.deadlines import DEFAULT_HEARING_WITHIN_DAYS
from shared.process.settings import ServiceSettings


class AppealsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="APPEALS_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "appeals"
    default_port: ClassVar[int] = 8004

    # Days from filing within which an appeal's first hearing should sit.
    hearing_within_days: int = Field(
        default=DEFAULT_HEARING_WITHIN_DAYS,
        ge=1,
        validation_alias=AliasChoices(
            "HEARING_WITHIN_DAYS", "APPEALS_HEARING_WITHIN_DAYS", "hearing_within_days"
        ),
    )


Settings = AppealsSettings
