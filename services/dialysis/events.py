"""Events this service publishes (DIALYSIS stream): the one place that says what each `data` holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from shared.kernel.approvals import approval_events
from shared.kernel.events import AppealableDecision, DomainEvent

STREAM = "DIALYSIS"
SUBJECTS = ("dialysis.>",)


@dataclass(frozen=True, kw_only=True)
class CentreRegistered(DomainEvent):
    type: ClassVar[str] = "dialysis.centre.registered"
    subject_field: ClassVar[str] = "centre_id"
    centre_id: str
    kind: str


@dataclass(frozen=True, kw_only=True)
class CentreAppointed(DomainEvent):
    type: ClassVar[str] = "dialysis.centre.appointed"
    subject_field: ClassVar[str] = "centre_id"
    centre_id: str
    valid_from: date


@dataclass(frozen=True, kw_only=True)
class TreatmentRequested(DomainEvent):
    type: ClassVar[str] = "dialysis.treatment.requested"
    subject_field: ClassVar[str] = "treatment_id"
    treatment_id: str
    centre_id: str
    overridden: bool


@dataclass(frozen=True, kw_only=True)
class TreatmentApproved(DomainEvent):
    type: ClassVar[str] = "dialysis.treatment.approved"
    subject_field: ClassVar[str] = "treatment_id"
    treatment_id: str
    centre_id: str
    modality: str
    approved_from: date
    approved_until: date


@dataclass(frozen=True, kw_only=True)
class TreatmentDecisionOverdue(DomainEvent):
    """A treatment request still undecided after the decision days (`TREATMENT_DECISION_DAYS`)."""

    type: ClassVar[str] = "dialysis.treatment.decision_overdue"
    subject_field: ClassVar[str] = "treatment_id"
    treatment_id: str
    centre_id: str
    person_key: str
    requested_on: date
    decision_days: int


@dataclass(frozen=True, kw_only=True)
class TreatmentRefused(AppealableDecision):
    """Appealable: the patient (`ic`) may take the refusal to the Appellate Board."""

    type: ClassVar[str] = "dialysis.treatment.refused"
    subject_field: ClassVar[str] = "treatment_id"
    treatment_id: str


@dataclass(frozen=True, kw_only=True)
class BillSubmitted(DomainEvent):
    type: ClassVar[str] = "dialysis.bill.submitted"
    subject_field: ClassVar[str] = "bill_id"
    bill_id: str
    centre_id: str
    amount: Decimal
    sessions: int


@dataclass(frozen=True, kw_only=True)
class BillApproved(DomainEvent):
    type: ClassVar[str] = "dialysis.bill.approved"
    subject_field: ClassVar[str] = "bill_id"
    bill_id: str
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class ClaimSubmitted(DomainEvent):
    type: ClassVar[str] = "dialysis.claim.submitted"
    subject_field: ClassVar[str] = "claim_id"
    claim_id: str
    kind: str
    approved: Decimal
    refused: Decimal


@dataclass(frozen=True, kw_only=True)
class ClaimRefused(AppealableDecision):
    """Appealable: what was refused of a claim, and why (`reason`)."""

    type: ClassVar[str] = "dialysis.claim.refused"
    subject_field: ClassVar[str] = "claim_id"
    claim_id: str
    kind: str
    refused: Decimal


@dataclass(frozen=True, kw_only=True)
class ClaimReopened(DomainEvent):
    """The Appellate Board allowed an appeal against a refusal: what was refused is approved,
    and the claim is payable for it (`allowed`). The appeal is the cause."""

    type: ClassVar[str] = "dialysis.claim.reopened"
    subject_field: ClassVar[str] = "claim_id"
    claim_id: str
    kind: str
    allowed: Decimal
    approved: Decimal
    person_key: str
    appeal_id: str
    refusal_event_id: str


@dataclass(frozen=True, kw_only=True)
class ClaimPaid(DomainEvent):
    """A panel centre's bill (`kind` panel_bill) or a patient's claim, paid."""

    type: ClassVar[str] = "dialysis.claim.paid"
    subject_field: ClassVar[str] = "claim_id"
    claim_id: str
    kind: str
    amount: Decimal
    centre_id: str | None = None
    person_key: str | None = None
    ic_masked: str | None = None


@dataclass(frozen=True, kw_only=True)
class MachinesDonated(DomainEvent):
    type: ClassVar[str] = "dialysis.machines.donated"
    subject_field: ClassVar[str] = "centre_id"
    donation_id: str
    centre_id: str
    machines: int


@dataclass(frozen=True, kw_only=True)
class GrantApproved(DomainEvent):
    type: ClassVar[str] = "dialysis.grant.approved"
    subject_field: ClassVar[str] = "centre_id"
    grant_id: str
    centre_id: str
    amount: Decimal


# `dialysis.approval.requested`, `.approved`, `.rejected` (shared.web.four_eyes).
APPROVALS = approval_events("dialysis", __name__)
ApprovalRequested, ApprovalApproved, ApprovalRejected = APPROVALS
