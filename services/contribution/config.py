"""Contribution service settings (CONTRIBUTION_PORT, CONTRIBUTION_DATABASE_URL, ...)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from shared.process.settings import VAR_DIR, ServiceSettings


class ContributionSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONTRIBUTION_", extra="ignore", populate_by_name=True
    )

    service_name: ClassVar[str] = "contribution"
    default_port: ClassVar[int] = 8001

    # Late-payment interest: the rate is in the regulations; day count and rounding step come from
    # one secondary source, so they are configuration (../reference/tables/README.md).
    interest_annual_rate: Decimal = Field(
        default=Decimal("0.06"),
        validation_alias=AliasChoices("LATE_INTEREST_ANNUAL_RATE", "interest_annual_rate"),
    )
    interest_day_count: int = Field(
        default=365, validation_alias=AliasChoices("LATE_INTEREST_DAY_COUNT", "interest_day_count")
    )
    interest_minimum_per_month: Decimal = Field(
        default=Decimal("5.00"),
        validation_alias=AliasChoices("LATE_INTEREST_MINIMUM", "interest_minimum_per_month"),
    )
    interest_rounding_step: Decimal = Field(
        default=Decimal("5.00"),
        validation_alias=AliasChoices("LATE_INTEREST_ROUNDING_STEP", "interest_rounding_step"),
    )
    spool_dir: str = Field(
        default=str(VAR_DIR / "spool" / "contribution"),
        validation_alias=AliasChoices("CONTRIBUTION_SPOOL_DIR", "spool_dir"),
    )
    max_upload_bytes: int = Field(
        default=256 << 20,
        validation_alias=AliasChoices("CONTRIBUTION_MAX_UPLOAD_BYTES", "max_upload_bytes"),
    )


Settings = ContributionSettings
