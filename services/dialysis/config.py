"""Dialysis service settings (DIALYSIS_PORT, DIALYSIS_DATABASE_URL, ...)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from services.dialysis.domain.deadlines import DEFAULT_DECISION_DAYS
from shared.process.settings import ServiceSettings


class DialysisSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALYSIS_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "dialysis"
    default_port: ClassVar[int] = 8003

    # Days a treatment request may wait for its decision before it is overdue.
    treatment_decision_days: int = Field(
        default=DEFAULT_DECISION_DAYS,
        ge=1,
        validation_alias=AliasChoices(
            "TREATMENT_DECISION_DAYS", "DIALYSIS_TREATMENT_DECISION_DAYS", "treatment_decision_days"
        ),
    )


Settings = DialysisSettings
