"""Late-payment interest: 6% a year for each day late on the amount unpaid (reg. 33, General Regulations 1971).

Computed as arrears x rate x days / day count, at least RM5 for each month or part of a month of delay,
amounts above that rounded up to the next multiple of RM5. The minimum is well attested; the day count
and the rounding step come from one secondary source, so they are configuration (`InterestPolicy`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.kernel.money import SEN, ZERO, round_up_to_multiple


@dataclass(frozen=True)
class InterestPolicy:
    annual_rate: Decimal = Decimal("0.06")
    day_count: int = 365
    minimum_per_month: Decimal = Decimal("5.00")
    rounding_step: Decimal = Decimal("5.00")


@dataclass(frozen=True)
class LateInterest:
    days_late: int
    months_of_delay: int
    amount: Decimal
    explanation: tuple[str, ...]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_or_part(due: date, paid_on: date) -> int:
    """How many months or parts of a month the delay spans (one day late is one part-month)."""
    months = 0
    while add_months(due, months) < paid_on:
        months += 1
    return months


def late_interest(
    *, arrears: Decimal, due_date: date, paid_on: date, policy: InterestPolicy = InterestPolicy()
) -> LateInterest:
    """Interest on `arrears` paid on `paid_on` (a Malaysia calendar day) against `due_date`."""
    days = (paid_on - due_date).days
    if days <= 0 or arrears <= 0:
        return LateInterest(0, 0, ZERO, ("paid by the due date: no interest",))
    months = months_or_part(due_date, paid_on)
    raw = arrears * policy.annual_rate * days / policy.day_count
    minimum = policy.minimum_per_month * months
    rounded = round_up_to_multiple(raw, policy.rounding_step)
    amount = max(minimum, rounded).quantize(SEN)
    explanation = (
        f"due {due_date.isoformat()}, paid {paid_on.isoformat()}: {days} day(s) late",
        f"RM{arrears} x {policy.annual_rate} x {days} / {policy.day_count} = RM{raw.quantize(Decimal('0.0001'))}",
        f"rounded up to the next RM{policy.rounding_step}: RM{rounded}",
        f"minimum RM{policy.minimum_per_month} for each of {months} month(s) or part: RM{minimum.quantize(SEN)}",
        f"late interest: RM{amount}",
    )
    return LateInterest(
        days_late=days, months_of_delay=months, amount=amount, explanation=explanation
    )
