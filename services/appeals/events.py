"""Events this service publishes (APPEALS stream), and the decision events it listens to.

Each class is the one place that says what its event's `data` holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from shared.kernel.approvals import approval_events
from shared.kernel.events import DomainEvent

STREAM = "APPEALS"
SUBJECTS = ("appeals.>",)

# Other services' decisions a party may appeal against, by the stream that carries them; each
# carries `shared.kernel.events.AppealableDecision`'s fields.
APPEALABLE = {
    "LOAN": ("loan.application.rejected",),
    "DIALYSIS": ("dialysis.claim.refused", "dialysis.treatment.refused"),
    "CONTRIBUTION": ("contribution.late_interest.assessed",),
}


@dataclass(frozen=True, kw_only=True)
class HearingOverdue(DomainEvent):
    """No hearing set within `HEARING_WITHIN_DAYS` of filing, and the appeal still open."""

    type: ClassVar[str] = "appeals.appeal.hearing_overdue"
    subject_field: ClassVar[str] = "appeal_id"
    appeal_id: str
    case_number: str
    board_code: str
    filed_on: date
    hear_by: date


@dataclass(frozen=True, kw_only=True)
class AppealFiled(DomainEvent):
    type: ClassVar[str] = "appeals.appeal.filed"
    subject_field: ClassVar[str] = "appeal_id"
    appeal_id: str
    case_number: str
    board_code: str
    appellant_kind: str
    appellant_key: str | None  # person_key of an employee or dependant appellant
    appellant_ic_masked: str | None
    employer_code: str | None
    act: str
    # The decision appealed against, by its own event id and type: the service that made it acts
    # on the appeal (it freezes disputed interest, reopens a refused application or claim).
    decision_event_id: str | None
    decision_event_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class HearingScheduled(DomainEvent):
    type: ClassVar[str] = "appeals.hearing.scheduled"
    subject_field: ClassVar[str] = "appeal_id"
    appeal_id: str
    hearing_id: str
    board_code: str
    starts_at: datetime


@dataclass(frozen=True, kw_only=True)
class HearingAdjourned(DomainEvent):
    type: ClassVar[str] = "appeals.hearing.adjourned"
    subject_field: ClassVar[str] = "appeal_id"
    appeal_id: str
    hearing_id: str


@dataclass(frozen=True, kw_only=True)
class AppealDecided(DomainEvent):
    type: ClassVar[str] = "appeals.appeal.decided"
    subject_field: ClassVar[str] = "appeal_id"
    appeal_id: str
    case_number: str
    board_code: str
    outcome: str
    # Repeated from the filing, so a service acts on the decision even when it meets it first
    # (the streams are read independently; nothing orders them across services).
    decision_event_id: str | None = None
    decision_event_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class BoardMemberAppointed(DomainEvent):
    type: ClassVar[str] = "appeals.board_member.appointed"
    subject_field: ClassVar[str] = "board_code"
    board_code: str
    member_id: str


# `appeals.approval.requested`, `.approved`, `.rejected` (shared.web.four_eyes).
APPROVALS = approval_events("appeals", __name__)
ApprovalRequested, ApprovalApproved, ApprovalRejected = APPROVALS
