"""The appeals API's request and response models."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.appeals.domain.boards import MemberRole
from services.appeals.domain.case import HearingStatus, Outcome, Status
from services.appeals.domain.filing import Act, AppellantKind, Representation
from shared.kernel.dates import Day, Instant, InstantOut
from shared.kernel.ic import ICNumber
from shared.kernel.schema import RequestModel
from shared.kernel.states import State

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]


class RepresentationIn(RequestModel):
    kind: Representation
    representative_name: Name | None = None
    authorised_in_writing: bool = False
    board_permission_reference: (
        Annotated[str, StringConstraints(min_length=1, max_length=60)] | None
    ) = None


class AppealIn(RequestModel):
    """An appeal to the Board, within three years of the cause of action (s. 84 of Act 4,
    s. 59 of Act 800)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "appellant_kind": "employee",
                    "appellant_name": "Ahmad bin Ismail",
                    "appellant_ic": "900101-14-5678",
                    "act": "act4",
                    "section": "84",
                    "matter": "Invalidity pension refused",
                    "cause_of_action_date": "2025-06-30",
                    "state": "SGR",
                }
            ]
        }
    )

    appellant_kind: AppellantKind
    appellant_name: Name
    appellant_ic: ICNumber | None = Field(
        default=None, description="for an employee or a dependant"
    )
    employer_code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{4,12}$")] | None = None
    act: Act
    section: Annotated[str, StringConstraints(min_length=1, max_length=12)]
    matter: Text
    cause_of_action_date: Day | None = Field(
        default=None, description="taken from the cited decision when omitted"
    )
    decision_event_id: Annotated[str, StringConstraints(min_length=1, max_length=36)] | None = None
    state: State = Field(description="where the cause arose: it names the board that hears it")
    representation: RepresentationIn = RepresentationIn(kind=Representation.IN_PERSON)


class HearingOut(BaseModel):
    id: str
    starts_at: InstantOut
    ends_at: InstantOut
    status: HearingStatus
    adjournment_reason: str | None


class DocumentOut(BaseModel):
    id: str
    title: str
    kind: str
    received_at: InstantOut


class AppealOut(BaseModel):
    id: str
    case_number: str
    board_code: str
    state: State
    appellant_kind: AppellantKind
    appellant_name: str
    appellant_ic: str | None
    appellant_employer_code: str | None
    act: Act
    section: str
    matter: str
    cause_of_action_date: date
    last_day_to_file: date
    decision_event_id: str | None
    representation: Representation
    representative_name: str | None
    board_permission_reference: str | None
    status: Status
    outcome: Outcome | None
    decision_reasons: str | None
    decided_on: date | None
    filed_on: date
    hearings: list[HearingOut] = []
    documents: list[DocumentOut] = []


class HearingIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"starts_at": "2025-09-15T09:30:00+08:00"}]}
    )

    starts_at: Instant = Field(description="must lie ahead; any offset, answered in +08:00")
    duration_minutes: int = Field(default=120, ge=15, le=480)


class AdjournIn(RequestModel):
    reason: Text


class DecisionIn(RequestModel):
    outcome: Outcome
    reasons: Text


class WithdrawIn(RequestModel):
    reason: Text


class DocumentIn(RequestModel):
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "supporting"


class MemberIn(RequestModel):
    name: Name
    role: MemberRole = MemberRole.MEMBER
    appointed_on: Day
    term_years: int = Field(default=3, ge=1, le=5)
    appointed_by: Name = "Minister of Human Resources"


class MemberOut(BaseModel):
    id: str
    name: str
    role: MemberRole
    appointed_on: date
    term_ends_on: date
    appointed_by: str


class BoardOut(BaseModel):
    code: str
    name: str
    seat: str
    region: str
    states: list[str]
    members: list[MemberOut]


class DecisionRecordOut(BaseModel):
    event_id: str
    event_type: str
    source: str
    subject: str
    decided_on: date
    summary: str


class PersonAppealsOut(BaseModel):
    """One person's appeals, for the gateway's summary of that person."""

    ic: str
    appeals: list[AppealOut]
