"""Appeals service settings (APPEALS_PORT, APPEALS_DATABASE_URL, ...)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.process.settings import ServiceSettings


class AppealsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="APPEALS_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "appeals"
    default_port: ClassVar[int] = 8004


Settings = AppealsSettings
