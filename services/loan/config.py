"""Loan service settings (LOAN_PORT, LOAN_DATABASE_URL, ...)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.process.settings import ServiceSettings


class LoanSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LOAN_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "loan"
    default_port: ClassVar[int] = 8002


Settings = LoanSettings
