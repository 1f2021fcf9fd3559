"""Missed instalments: how late each unpaid one is, in Malaysian calendar days (pure).

An unpaid instalment is overdue at 30, 60 and 90 days past its due date; at 90 the guarantors
are told, since the source's reminder to borrowers warns: "PERKESO will take civil action
against the defaulting borrower and the guarantor who fail to pay their educationloan"
(PERKESO's page on repaying the education loan, its REMINDER).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from services.loan.domain.schedule import MONTHS_BEFORE_FIRST_INSTALMENT, add_months

OVERDUE_LEVELS = (30, 60, 90)
GUARANTORS_NOTIFIED_AT = 90


@dataclass(frozen=True)
class OverdueInstalment:
    number: int
    due_on: date
    unpaid: Decimal
    level: int


def overdue_levels(due_on: date, today: date) -> list[int]:
    """The levels an instalment due on `due_on` has reached today (30 days late on day 30)."""
    late = (today - due_on).days
    return [level for level in OVERDUE_LEVELS if late >= level]


def overdue_instalments(
    schedule: Iterable[tuple[int, date, Decimal]], *, paid: Decimal, today: date
) -> list[OverdueInstalment]:
    """Each (instalment, level) reached while the instalment is unpaid; repayments meet the
    oldest instalment first, so one is unpaid while what was paid falls short of it and all
    before it."""
    found: list[OverdueInstalment] = []
    covered = Decimal("0.00")
    for number, due_on, amount in schedule:
        levels = overdue_levels(due_on, today)
        if not levels:
            break
        covered += amount
        if covered <= paid:
            continue
        unpaid = min(amount, covered - paid)
        found.extend(OverdueInstalment(number, due_on, unpaid, level) for level in levels)
    return found


def repayments_started_before(today: date) -> date:
    """Loans whose final disbursement month is before this day have an instalment at least 30
    days late by `today`: the first falls due twelve months after that month."""
    latest_due = today - timedelta(days=OVERDUE_LEVELS[0])
    return add_months(latest_due.replace(day=1), 1 - MONTHS_BEFORE_FIRST_INSTALMENT)
