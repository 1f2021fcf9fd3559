"""An appeal's life: filed, heard (perhaps adjourned), then decided or withdrawn. Impossible moves are refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from shared.kernel.errors import Conflict
from shared.kernel.i18n import msg


class Status(StrEnum):
    FILED = "filed"
    HEARING_SCHEDULED = "hearing_scheduled"
    ADJOURNED = "adjourned"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    DISMISSED = "dismissed"
    STRUCK_OUT = "struck_out"
    WITHDRAWN = "withdrawn"


class HearingStatus(StrEnum):
    SCHEDULED = "scheduled"
    ADJOURNED = "adjourned"
    HELD = "held"
    VACATED = "vacated"


OPEN = frozenset({Status.FILED, Status.HEARING_SCHEDULED, Status.ADJOURNED})


def case_number(board_code: str, year: int, sequence: int) -> str:
    """Case numbers run per board and year: SSAB/B05/2025/0007."""
    return f"SSAB/{board_code}/{year}/{sequence:04d}"


def ensure_open(status: Status, action: str) -> None:
    if status not in OPEN:
        raise Conflict(
            msg(
                "Cannot {action}: the appeal is already {status}",
                action=action,
                status=status.value,
            )
        )


def after_scheduling(status: Status) -> Status:
    ensure_open(status, msg("schedule a hearing"))
    if status is Status.HEARING_SCHEDULED:
        raise Conflict(msg("The appeal already has a hearing scheduled; adjourn it first"))
    return Status.HEARING_SCHEDULED


def after_adjournment(status: Status) -> Status:
    if status is not Status.HEARING_SCHEDULED:
        raise Conflict(
            msg(
                "Only a scheduled hearing can be adjourned; the appeal is {status}",
                status=status.value,
            )
        )
    return Status.ADJOURNED


# The Board allows or dismisses an appeal having heard it; it may strike one out, and an
# appellant may withdraw, at any time.
NEEDS_HEARING = frozenset({Outcome.ALLOWED, Outcome.DISMISSED})


def after_decision(status: Status, outcome: Outcome, *, heard: bool = True) -> Status:
    """`heard`: a hearing of the appeal has begun by now."""
    ensure_open(status, msg("decide"))
    if outcome in NEEDS_HEARING and not heard:
        raise Conflict(
            msg(
                "The Board decides an appeal {outcome} once it has heard it: no hearing of this appeal has taken place yet",
                outcome=outcome.value,
            )
        )
    return Status.WITHDRAWN if outcome is Outcome.WITHDRAWN else Status.DECIDED


def hearing_after_adjournment(status: HearingStatus) -> HearingStatus:
    if status is not HearingStatus.SCHEDULED:
        raise Conflict(msg("The hearing is already {status}", status=status.value))
    return HearingStatus.ADJOURNED


def hearing_after_decision(outcome: Outcome, *, begun: bool) -> HearingStatus:
    """A hearing still scheduled when the appeal ends: held if it has begun (and the appeal was
    not withdrawn), else vacated; a decision never marks a hearing still to come as held."""
    return (
        HearingStatus.HELD if begun and outcome is not Outcome.WITHDRAWN else HearingStatus.VACATED
    )


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at
