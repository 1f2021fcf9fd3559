"""Events this service publishes (LOAN stream): the one place that says what each `data` holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from shared.kernel.approvals import approval_events
from shared.kernel.events import AppealableDecision, DomainEvent

STREAM = "LOAN"
SUBJECTS = ("loan.>",)


@dataclass(frozen=True, kw_only=True)
class SponsorRecorded(DomainEvent):
    type: ClassVar[str] = "loan.sponsor.recorded"
    subject_field: ClassVar[str] = "sponsor_id"
    sponsor_id: str
    condition: str
    benefit: str


@dataclass(frozen=True, kw_only=True)
class ApplicationSubmitted(DomainEvent):
    type: ClassVar[str] = "loan.application.submitted"
    subject_field: ClassVar[str] = "application_id"
    application_id: str
    level: str
    sponsor_id: str


@dataclass(frozen=True, kw_only=True)
class ApplicationApproved(DomainEvent):
    type: ClassVar[str] = "loan.application.approved"
    subject_field: ClassVar[str] = "application_id"
    history_fields: ClassVar[tuple[str, ...]] = ("loan_id",)
    application_id: str
    loan_id: str
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class ApplicationRejected(AppealableDecision):
    """Appealable: the applicant (`ic`) may take the refusal to the Appellate Board."""

    type: ClassVar[str] = "loan.application.rejected"
    subject_field: ClassVar[str] = "application_id"
    application_id: str


@dataclass(frozen=True, kw_only=True)
class ApplicationReopened(DomainEvent):
    """The Appellate Board allowed an appeal against the rejection: the application is back
    before an officer (`submitted`). The appeal is the cause."""

    type: ClassVar[str] = "loan.application.reopened"
    subject_field: ClassVar[str] = "application_id"
    application_id: str
    person_key: str
    appeal_id: str
    rejection_event_id: str


@dataclass(frozen=True, kw_only=True)
class OfferAccepted(DomainEvent):
    type: ClassVar[str] = "loan.offer.accepted"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    accepted_on: date


@dataclass(frozen=True, kw_only=True)
class InstalmentOverdue(DomainEvent):
    """An instalment still unpaid `days_overdue` (30, 60 or 90) days after its due date."""

    type: ClassVar[str] = "loan.instalment.overdue"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    instalment: int
    due_on: date
    days_overdue: int
    unpaid: Decimal
    person_key: str


@dataclass(frozen=True, kw_only=True)
class GuarantorsNotified(DomainEvent):
    """An instalment 90 days unpaid: its guarantors are told that civil action may follow
    against the borrower and them (named by person_key)."""

    type: ClassVar[str] = "loan.guarantors.notified"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    instalment: int
    due_on: date
    days_overdue: int
    borrower: str
    guarantors: list[str]


@dataclass(frozen=True, kw_only=True)
class GuarantorAdded(DomainEvent):
    type: ClassVar[str] = "loan.guarantor.added"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    guarantor_id: str
    person_key: str
    ic_masked: str


@dataclass(frozen=True, kw_only=True)
class Disbursed(DomainEvent):
    type: ClassVar[str] = "loan.disbursed"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    semester: int
    tuition_to_institution: Decimal
    allowance_to_student: Decimal
    insurance_to_insurer: Decimal
    final: bool


@dataclass(frozen=True, kw_only=True)
class ResultRecorded(DomainEvent):
    type: ClassVar[str] = "loan.result.recorded"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    semester: int
    cgpa: Decimal


@dataclass(frozen=True, kw_only=True)
class CgpaBelowThreshold(DomainEvent):
    type: ClassVar[str] = "loan.cgpa.below_threshold"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    semester: int
    cgpa: Decimal


@dataclass(frozen=True, kw_only=True)
class DisbursementSuspended(DomainEvent):
    type: ClassVar[str] = "loan.disbursement.suspended"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    semester: int | None
    cgpa: Decimal | None


@dataclass(frozen=True, kw_only=True)
class DisbursementReinstated(DomainEvent):
    type: ClassVar[str] = "loan.disbursement.reinstated"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    attended_on: date


@dataclass(frozen=True, kw_only=True)
class RepaymentReceived(DomainEvent):
    type: ClassVar[str] = "loan.repayment.received"
    subject_field: ClassVar[str] = "repayment_id"
    history_fields: ClassVar[tuple[str, ...]] = ("loan_id",)
    repayment_id: str
    loan_id: str | None
    amount: Decimal
    source: str
    status: str


@dataclass(frozen=True, kw_only=True)
class LoanCompleted(DomainEvent):
    """Repaid in full: what the schedule asked, service charges included."""

    type: ClassVar[str] = "loan.completed"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    repaid_total: Decimal


@dataclass(frozen=True, kw_only=True)
class ConvertedToScholarship(DomainEvent):
    type: ClassVar[str] = "loan.converted_to_scholarship"
    subject_field: ClassVar[str] = "loan_id"
    loan_id: str
    final_cgpa: Decimal


# `loan.approval.requested`, `.approved`, `.rejected` (shared.web.four_eyes).
APPROVALS = approval_events("loan", __name__)
ApprovalRequested, ApprovalApproved, ApprovalRejected = APPROVALS
