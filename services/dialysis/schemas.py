"""The dialysis API's request and response models."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.dialysis.domain.centres import CentreKind
from services.dialysis.domain.treatment import Modality
from shared.kernel.ic import ICNumber
from shared.kernel.money import Money

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
CentreId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{2,20}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CentreIn(Strict):
    id: CentreId
    name: Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
    kind: CentreKind
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    machines: int = Field(ge=0, le=500)
    shifts_per_day: int = Field(ge=1, le=4)


class AppointmentIn(Strict):
    valid_from: date
    valid_until: date | None = None


class CentreOut(BaseModel):
    id: str
    name: str
    kind: str
    state: str
    machines: int
    shifts_per_day: int
    panel_valid_from: date | None
    panel_valid_until: date | None


class TreatmentIn(Strict):
    ic: ICNumber
    centre_id: CentreId
    diagnosis: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    modality: Modality
    override_reason: Text | None = Field(
        default=None, description="officer only: treat despite no contributions on record"
    )


class TreatmentDecisionIn(Strict):
    approve: bool
    starts_on: date | None = None
    reason: Text | None = None


class TreatmentOut(BaseModel):
    id: str
    ic: str
    centre_id: str
    diagnosis: str
    modality: str
    status: str
    override_reason: str | None
    refusal_reason: str | None
    approved_from: date | None
    approved_until: date | None


class BillIn(Strict):
    treatment_id: str
    session_dates: list[date] = Field(min_length=1, max_length=100)


class ItemOut(BaseModel):
    service_date: date
    claimed: Money
    approved: Money
    refused: Money
    reason: str | None


class BillOut(BaseModel):
    id: str
    centre_id: str
    treatment_id: str
    status: str
    amount: Money
    sessions: list[ItemOut]


class SessionPaidIn(Strict):
    session_date: date
    amount_paid: Money
    centre_id: CentreId


class ReimbursementIn(Strict):
    treatment_id: str
    sessions: list[SessionPaidIn] = Field(min_length=1, max_length=100)


class SupportClaimIn(Strict):
    treatment_id: str
    kind: Annotated[str, StringConstraints(pattern=r"^(epo|immunosuppressant|av_fistula)$")]
    service_date: date
    quantity: int = Field(default=1, ge=1, le=31)
    amount: Money
    transplant_date: date | None = None


class ClaimOut(BaseModel):
    id: str
    treatment_id: str
    kind: str
    status: str
    claimed: Money
    approved: Money
    refused: Money
    reasons: list[str]
    items: list[ItemOut] = []


class DonationIn(Strict):
    machines: int = Field(ge=1, le=50)
    approved_on: date


class GrantIn(Strict):
    amount: Money
    reason: Text
    approved_on: date


class WelfareNoteIn(Strict):
    note: Text
