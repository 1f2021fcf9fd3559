"""Dialysis service settings (DIALYSIS_PORT, DIALYSIS_DATABASE_URL, ...)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.process.settings import ServiceSettings


class DialysisSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALYSIS_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "dialysis"
    default_port: ClassVar[int] = 8003


Settings = DialysisSettings
