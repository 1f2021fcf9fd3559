"""The Dialysis Unit's objectives as monthly figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from shared.kernel.money import ZERO


@dataclass
class MonthReport:
    month: str
    centres_appointed: int = 0
    requests_handled: int = 0
    bills_paid: int = 0
    bills_paid_amount: Decimal = ZERO
    claims_paid: int = 0
    claims_paid_amount: Decimal = ZERO
    donations_made: int = 0
    machines_donated: int = 0
    grants_made: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def monthly_reports(
    *,
    appointments: Iterable[date],
    decisions: Iterable[date],
    bills_paid: Iterable[tuple[date, Decimal]],
    claims_paid: Iterable[tuple[date, Decimal]],
    donations: Iterable[tuple[date, int]],
    grants: Iterable[date],
) -> list[MonthReport]:
    """Centres appointed, requests handled, bills and claims paid, donations and grants, per month."""
    months: dict[str, MonthReport] = {}

    def at(day: date) -> MonthReport:
        key = month_of(day)
        return months.setdefault(key, MonthReport(month=key))

    for day in appointments:
        at(day).centres_appointed += 1
    for day in decisions:
        at(day).requests_handled += 1
    for day, amount in bills_paid:
        report = at(day)
        report.bills_paid += 1
        report.bills_paid_amount += amount
    for day, amount in claims_paid:
        report = at(day)
        report.claims_paid += 1
        report.claims_paid_amount += amount
    for day, machines in donations:
        report = at(day)
        report.donations_made += 1
        report.machines_donated += machines
    for day in grants:
        at(day).grants_made += 1
    return [months[k] for k in sorted(months)]
