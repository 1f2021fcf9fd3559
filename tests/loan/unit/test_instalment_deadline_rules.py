"""Missed instalments at their edges: 29, 30, 59, 60, 89 and 90 days late, and what was paid."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from services.loan.domain.deadlines import (
    overdue_instalments,
    overdue_levels,
    repayments_started_before,
)
from services.loan.domain.schedule import first_instalment_due

DUE = date(2026, 6, 1)
SCHEDULE = [(1, DUE, Decimal("100.00")), (2, date(2026, 7, 1), Decimal("100.00"))]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, []), (29, []), (30, [30]), (59, [30]), (60, [30, 60]), (89, [30, 60]), (90, [30, 60, 90])],
)
def test_an_instalment_reaches_each_level_on_its_day(days: int, expected: list[int]) -> None:
    assert overdue_levels(DUE, DUE + timedelta(days=days)) == expected


def test_only_unpaid_instalments_are_overdue_and_payments_meet_the_oldest_first() -> None:
    today = DUE + timedelta(days=60)  # the first 60 days late, the second 30
    assert [
        (o.number, o.level)
        for o in overdue_instalments(SCHEDULE, paid=Decimal("0.00"), today=today)
    ] == [
        (1, 30),
        (1, 60),
        (2, 30),
    ]
    paid_first = overdue_instalments(SCHEDULE, paid=Decimal("100.00"), today=today)
    assert [(o.number, o.level, o.unpaid) for o in paid_first] == [(2, 30, Decimal("100.00"))]
    part = overdue_instalments(SCHEDULE, paid=Decimal("150.00"), today=today)
    assert [(o.number, o.unpaid) for o in part] == [(2, Decimal("50.00"))]
    assert overdue_instalments(SCHEDULE, paid=Decimal("200.00"), today=today) == []


def test_a_sen_short_of_an_instalment_leaves_it_unpaid() -> None:
    [late] = overdue_instalments(SCHEDULE, paid=Decimal("99.99"), today=DUE + timedelta(days=30))
    assert (late.number, late.unpaid) == (1, Decimal("0.01"))


@pytest.mark.parametrize(
    ("final_month", "today", "included"),
    [
        (date(2025, 6, 1), date(2026, 6, 30), False),  # first due 1 June 2026: 29 days
        (date(2025, 6, 1), date(2026, 7, 1), True),  # 30 days
        (date(2025, 7, 1), date(2026, 7, 1), False),
    ],
)
def test_the_loans_walked_are_those_with_an_instalment_thirty_days_due(
    final_month: date, today: date, included: bool
) -> None:
    assert (final_month < repayments_started_before(today)) is included
    assert ((today - first_instalment_due(final_month)).days >= 30) is included
