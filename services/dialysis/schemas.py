"""The dialysis API's request and response models."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.dialysis.domain.billing import SupportKind
from services.dialysis.domain.centres import CentreKind
from services.dialysis.domain.lifecycle import BillStatus, ClaimStatus
from services.dialysis.domain.treatment import Modality, TreatmentStatus
from shared.kernel.dates import Day, InstantOut
from shared.kernel.ic import ICNumber
from shared.kernel.money import Money
from shared.kernel.schema import RequestModel
from shared.web.four_eyes import ApprovalOut

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
CentreId = Annotated[
    str, StringConstraints(pattern=r"^[A-Z0-9-]{2,20}$"), Field(examples=["HDKL01"])
]


class CentreIn(RequestModel):
    id: CentreId
    name: Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
    kind: CentreKind
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        examples=["SGR"], description="state or federal territory code, e.g. SGR, KUL, SBH"
    )
    machines: int = Field(ge=0, le=500)
    shifts_per_day: int = Field(ge=1, le=4)


class AppointmentIn(RequestModel):
    valid_from: Day
    valid_until: Day | None = None


class CentreOut(BaseModel):
    id: str
    name: str
    kind: CentreKind
    state: str
    machines: int
    shifts_per_day: int
    panel_valid_from: date | None
    panel_valid_until: date | None
    pending_approvals: list[ApprovalOut] = Field(
        default=[], description="officers' requests on this record awaiting a second officer"
    )


class TreatmentIn(RequestModel):
    ic: ICNumber
    centre_id: CentreId
    diagnosis: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    modality: Modality
    override_reason: Text | None = Field(
        default=None, description="officer only: treat despite no contributions on record"
    )


class TreatmentDecisionIn(RequestModel):
    approve: bool
    starts_on: Day | None = None
    reason: Text | None = None


class TreatmentOut(BaseModel):
    id: str
    ic: str
    centre_id: str
    diagnosis: str
    modality: Modality
    status: TreatmentStatus
    override_reason: str | None
    refusal_reason: str | None
    approved_from: date | None
    approved_until: date | None


class BillIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "treatment_id": "3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f",
                    "session_dates": ["2025-08-04", "2025-08-06", "2025-08-08"],
                }
            ]
        }
    )

    treatment_id: str
    session_dates: list[Day] = Field(min_length=1, max_length=100)


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
    status: BillStatus
    amount: Money
    sessions: list[ItemOut]
    pending_approvals: list[ApprovalOut] = Field(
        default=[], description="officers' requests on this record awaiting a second officer"
    )


class SessionPaidIn(RequestModel):
    session_date: Day
    amount_paid: Money
    centre_id: CentreId


class ReimbursementIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "treatment_id": "3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f",
                    "sessions": [
                        {
                            "session_date": "2025-08-04",
                            "amount_paid": "150.00",
                            "centre_id": "HDKL01",
                        }
                    ],
                }
            ]
        }
    )

    treatment_id: str
    sessions: list[SessionPaidIn] = Field(min_length=1, max_length=100)


class SupportClaimIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "treatment_id": "3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f",
                    "kind": "epo",
                    "service_date": "2025-08-12",
                    "quantity": 4,
                    "amount": "200.00",
                }
            ]
        }
    )

    treatment_id: str
    kind: SupportKind = Field(
        description="EPO per injection (a few a month), immunosuppressants once a month after a"
        " kidney transplant, AV fistula procedures (a few a year), each up to the rate card"
    )
    service_date: Day
    quantity: int = Field(default=1, ge=1, le=31)
    amount: Money
    transplant_date: Day | None = None


class ClaimOut(BaseModel):
    id: str
    treatment_id: str
    kind: str
    status: ClaimStatus
    claimed: Money
    approved: Money
    refused: Money
    paid: Money = Field(default=Decimal("0"), description="paid so far of what was approved")
    reasons: list[str]
    items: list[ItemOut] = []
    pending_approvals: list[ApprovalOut] = Field(
        default=[], description="officers' requests on this record awaiting a second officer"
    )


class DonationIn(RequestModel):
    machines: int = Field(ge=1, le=50)
    approved_on: Day


class GrantIn(RequestModel):
    amount: Money
    reason: Text
    approved_on: Day


class WelfareNoteIn(RequestModel):
    note: Text


class DonationOut(BaseModel):
    id: str
    centre_id: str
    machines: int
    approved_by: str


class GrantOut(BaseModel):
    id: str
    centre_id: str
    amount: Money
    approved_by: str


class WelfareNoteOut(BaseModel):
    id: str
    written_at: InstantOut


class MonthReportOut(BaseModel):
    month: str
    centres_appointed: int
    requests_handled: int
    bills_paid: int
    bills_paid_amount: Money
    claims_paid: int
    claims_paid_amount: Money
    donations_made: int
    machines_donated: int
    grants_made: int
    extra: dict[str, int]


class InsuredStatusOut(BaseModel):
    since: str
    last_contribution_month: str


class PersonNoteOut(BaseModel):
    note: str
    officer: str
    written_at: InstantOut


class PersonDialysisOut(BaseModel):
    """One person's insured status, treatments and claims, for the gateway's summary."""

    ic: str
    insured: InsuredStatusOut | None
    treatments: list[TreatmentOut]
    claims: list[ClaimOut]
    welfare_notes: list[PersonNoteOut]
