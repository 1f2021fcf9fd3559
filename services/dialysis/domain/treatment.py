"""Treatment requests: ESRF only, haemodialysis or CAPD, for insured persons, one active at a time."""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

from shared.kernel.errors import Conflict, RuleCheck
from shared.kernel.i18n import msg

ESRF = "ESRF"


class Modality(StrEnum):
    HAEMODIALYSIS = "haemodialysis"
    CAPD = "capd"


class TreatmentStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    ENDED = "ended"


ACTIVE = frozenset({TreatmentStatus.REQUESTED, TreatmentStatus.APPROVED})


def treatment_decided(status: TreatmentStatus, *, approve: bool) -> TreatmentStatus:
    """A request is approved or refused once."""
    if status is not TreatmentStatus.REQUESTED:
        raise Conflict(msg("The treatment is already {status}", status=status.value))
    return TreatmentStatus.APPROVED if approve else TreatmentStatus.REFUSED


def check_request(
    check: RuleCheck,
    *,
    diagnosis: str,
    insured: bool,
    override_reason: str | None,
    by_officer: bool,
) -> None:
    """ "...support for qualified Insured Person, who suffers from chronic renal disease End Stage Renal Failure (ESRF)"."""
    check.require(
        diagnosis.strip().upper() == ESRF,
        "diagnosis-not-esrf",
        msg("treatment is for End Stage Renal Failure (ESRF) only"),
        field="diagnosis",
    )
    if override_reason is not None:
        check.require(
            by_officer,
            "override-by-officer-only",
            msg("only an officer may override the insured-status check"),
            field="override_reason",
        )
    else:
        check.require(
            insured,
            "no-contributions-on-record",
            msg(
                "no contributions are on record for this person: an officer may override with a recorded reason"
            ),
            field="ic",
        )


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def approval_period(start: date, months: int) -> tuple[date, date]:
    """An approval covers `months` from its start, inclusive of the day before the same date."""
    end = add_months(start, months)
    return start, date.fromordinal(end.toordinal() - 1)
