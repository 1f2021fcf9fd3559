"""Four eyes' vocabulary: an approval's states, and the events each service raises for them.

The mechanism (shared.web.four_eyes) holds no domain rule: a service says which of its commands
need a second officer, and the command itself checks its rules when asked and again when approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from shared.kernel.events import DomainEvent


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, kw_only=True)
class ApprovalEvent(DomainEvent):
    """What every approval event says: which request, for what, by whom. The summary is built
    from ids and amounts, never a person's name or IC."""

    subject_field = "approval_id"
    history_fields = ("record_key",)  # the loan, bill, ... the request is for
    approval_id: str
    action: str
    record_key: str
    requested_by: str
    summary: str
    amount: Decimal | None


@dataclass(frozen=True, kw_only=True)
class ApprovalDecided(ApprovalEvent):
    decided_by: str
    reason: str | None


class ApprovalEvents(NamedTuple):
    requested: type[ApprovalEvent]
    approved: type[ApprovalDecided]
    rejected: type[ApprovalDecided]


def approval_events(context: str, module: str) -> ApprovalEvents:
    """`<context>.approval.requested`, `.approved` and `.rejected`, declared in the service's own
    events module (`module`), where its other events are."""

    def kind(base: type, name: str, suffix: str) -> type:
        return type(name, (base,), {"type": f"{context}.approval.{suffix}", "__module__": module})

    return ApprovalEvents(
        requested=kind(ApprovalEvent, "ApprovalRequested", "requested"),
        approved=kind(ApprovalDecided, "ApprovalApproved", "approved"),
        rejected=kind(ApprovalDecided, "ApprovalRejected", "rejected"),
    )
