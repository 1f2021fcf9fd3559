"""Events this service publishes (CONTRIBUTION stream): the one place that says what each `data` holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from shared.kernel.approvals import approval_events
from shared.kernel.events import AppealableDecision, DomainEvent

STREAM = "CONTRIBUTION"
SUBJECTS = ("contribution.>",)

# A submission's persons travel in parts, so no event outgrows NATS's 1 MB message limit.
PERSONS_PER_PART = 2000


@dataclass(frozen=True, kw_only=True)
class EmployerRegistered(DomainEvent):
    type: ClassVar[str] = "contribution.employer.registered"
    subject_field: ClassVar[str] = "employer_code"
    employer_code: str
    state: str


@dataclass(frozen=True, kw_only=True)
class EmployerUpdated(DomainEvent):
    type: ClassVar[str] = "contribution.employer.updated"
    subject_field: ClassVar[str] = "employer_code"
    employer_code: str
    changed: list[str]  # the fields an officer changed


@dataclass(frozen=True, kw_only=True)
class EmployeeStarted(DomainEvent):
    type: ClassVar[str] = "contribution.employee.started"
    subject_field: ClassVar[str] = "employer_code"
    employer_code: str
    person_key: str
    ic_masked: str
    started_on: date


@dataclass(frozen=True, kw_only=True)
class EmployeeLeft(DomainEvent):
    type: ClassVar[str] = "contribution.employee.left"
    subject_field: ClassVar[str] = "employer_code"
    employer_code: str
    person_key: str
    ic_masked: str
    ended_on: date


@dataclass(frozen=True, kw_only=True)
class InsuredLine:
    """A person on a submission, by `person_key` (never the IC): the dialysis service keeps its
    own record of who is insured from these."""

    person_key: str
    ic_masked: str
    category: str
    eis: bool


@dataclass(frozen=True, kw_only=True)
class SubmissionOverdue(DomainEvent):
    """A submission still owing contributions the day after its due date (voided ones owe none)."""

    type: ClassVar[str] = "contribution.submission.overdue"
    subject_field: ClassVar[str] = "reference"
    submission_id: str
    reference: str
    employer_code: str
    month: str
    due_date: date
    outstanding: Decimal


@dataclass(frozen=True, kw_only=True)
class SubmissionAccepted(DomainEvent):
    """One part of an accepted submission (`part` of `parts`), each with its share of persons."""

    type: ClassVar[str] = "contribution.submission.accepted"
    subject_field: ClassVar[str] = "reference"
    submission_id: str
    reference: str
    employer_code: str
    month: str
    due_date: date
    line_count: int
    total: Decimal
    part: int
    parts: int
    insured: Sequence[InsuredLine]


def submission_accepted_parts(
    *,
    submission_id: str,
    reference: str,
    employer_code: str,
    month: str,
    due_date: date,
    total: Decimal,
    insured: Sequence[InsuredLine],
) -> list[SubmissionAccepted]:
    """The events of one accepted submission: its persons split into parts of `PERSONS_PER_PART`."""
    chunks = [insured[i : i + PERSONS_PER_PART] for i in range(0, len(insured), PERSONS_PER_PART)]
    return [
        SubmissionAccepted(
            submission_id=submission_id,
            reference=reference,
            employer_code=employer_code,
            month=month,
            due_date=due_date,
            line_count=len(insured),
            total=total,
            part=number,
            parts=len(chunks),
            insured=chunk,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(DomainEvent):
    type: ClassVar[str] = "contribution.payment.received"
    subject_field: ClassVar[str] = "payment_id"
    history_fields: ClassVar[tuple[str, ...]] = ("reference",)
    payment_id: str
    bank_code: str
    bank_txn_id: str
    reference: str
    employer_code: str | None
    submission_id: str | None
    amount: Decimal
    status: str
    channel: str
    paid_at: datetime
    days_late: int
    late_interest: Decimal


@dataclass(frozen=True, kw_only=True)
class LateInterestAssessed(AppealableDecision):
    """Appealable by the employer (`employer_code`): interest charged on a late payment."""

    type: ClassVar[str] = "contribution.late_interest.assessed"
    subject_field: ClassVar[str] = "reference"
    payment_id: str
    reference: str
    amount: Decimal
    days_late: int


@dataclass(frozen=True, kw_only=True)
class SelfEmployedRegistered(DomainEvent):
    type: ClassVar[str] = "contribution.self_employed.registered"
    subject_field: ClassVar[str] = "person_key"
    person_key: str
    ic_masked: str
    plan: int


@dataclass(frozen=True, kw_only=True)
class HousewifeRegistered(DomainEvent):
    type: ClassVar[str] = "contribution.housewife.registered"
    subject_field: ClassVar[str] = "person_key"
    person_key: str
    ic_masked: str


@dataclass(frozen=True, kw_only=True)
class SchemePaymentReceived(DomainEvent):
    type: ClassVar[str] = "contribution.scheme_payment.received"
    subject_field: ClassVar[str] = "payment_id"
    payment_id: str
    scheme: str
    person_key: str
    ic_masked: str
    amount: Decimal
    covers_from: date
    covers_until: date


@dataclass(frozen=True, kw_only=True)
class SubmissionAmended(DomainEvent):
    """A submission corrected: its new version and totals, and who came and went (by key)."""

    type: ClassVar[str] = "contribution.submission.amended"
    subject_field: ClassVar[str] = "reference"
    reference: str
    submission_id: str
    employer_code: str
    month: str
    version: int
    previous_total: Decimal
    total: Decimal
    outstanding: Decimal
    credit: Decimal
    added: Sequence[InsuredLine]
    removed: list[str]  # person keys
    changed: list[str]  # person keys
    reason: str


@dataclass(frozen=True, kw_only=True)
class SubmissionVoided(DomainEvent):
    type: ClassVar[str] = "contribution.submission.voided"
    subject_field: ClassVar[str] = "reference"
    reference: str
    submission_id: str
    employer_code: str
    month: str
    previous_total: Decimal
    removed: list[str]  # person keys: their month is free to submit again
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentAllocated(DomainEvent):
    """An officer applied money of a payment to a submission (approved by a second)."""

    type: ClassVar[str] = "contribution.payment.allocated"
    subject_field: ClassVar[str] = "payment_id"
    history_fields: ClassVar[tuple[str, ...]] = ("reference", "source_reference")
    payment_id: str
    allocation_id: str
    reference: str
    source_reference: str | None  # the overpaid submission the excess came from, if any
    employer_code: str
    amount: Decimal
    applied: Decimal
    late_interest: Decimal
    interest_settled: Decimal
    payment_status: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentReversed(DomainEvent):
    """The bank took a payment back: the submissions it met owe it again."""

    type: ClassVar[str] = "contribution.payment.reversed"
    subject_field: ClassVar[str] = "payment_id"
    history_fields: ClassVar[tuple[str, ...]] = ("reference",)
    payment_id: str
    bank_code: str
    bank_txn_id: str  # the reversal's own
    original_bank_txn_id: str
    reference: str
    employer_code: str | None
    amount: Decimal
    undone_on: list[str]  # the submissions' references whose money went back


@dataclass(frozen=True, kw_only=True)
class InterestWaived(DomainEvent):
    """Late-payment interest an officer waived on a submission (approved by a second)."""

    type: ClassVar[str] = "contribution.interest.waived"
    subject_field: ClassVar[str] = "reference"
    reference: str
    employer_code: str
    amount: Decimal
    interest_owed: Decimal  # after the waiver
    reason: str


@dataclass(frozen=True, kw_only=True)
class CreditRefunded(DomainEvent):
    """An employer's credit paid back (approved by a second officer)."""

    type: ClassVar[str] = "contribution.credit.refunded"
    subject_field: ClassVar[str] = "refund_id"
    history_fields: ClassVar[tuple[str, ...]] = ("employer_code",)
    refund_id: str
    employer_code: str
    amount: Decimal
    drawn_from: list[str]  # the submissions' references
    reason: str


# `contribution.approval.requested`, `.approved`, `.rejected` (shared.web.four_eyes).
APPROVALS = approval_events("contribution", __name__)
ApprovalRequested, ApprovalApproved, ApprovalRejected = APPROVALS


@dataclass(frozen=True, kw_only=True)
class InterestConsequence(DomainEvent):
    """What an appeal against a late-interest assessment did to it; the appeal is the cause."""

    subject_field: ClassVar[str] = "reference"
    history_fields: ClassVar[tuple[str, ...]] = ("payment_id",)
    reference: str
    payment_id: str
    employer_code: str
    amount: Decimal
    assessment_event_id: str
    appeal_id: str
    interest_owed: Decimal  # the submission's, after this


@dataclass(frozen=True, kw_only=True)
class LateInterestDisputed(InterestConsequence):
    """An appeal cites the assessment: it is frozen until the Board decides."""

    type: ClassVar[str] = "contribution.late_interest.disputed"


@dataclass(frozen=True, kw_only=True)
class LateInterestCancelled(InterestConsequence):
    """The Board allowed the appeal: the assessment is cancelled; interest already paid on it is
    the employer's again (`paid_back`, towards the contributions, then credit)."""

    type: ClassVar[str] = "contribution.late_interest.cancelled"
    paid_back: Decimal
    credit: Decimal  # the submission's, after this


@dataclass(frozen=True, kw_only=True)
class LateInterestRestored(InterestConsequence):
    """The appeal was dismissed, struck out or withdrawn: the assessment is owed again in full."""

    type: ClassVar[str] = "contribution.late_interest.restored"
    outcome: str
