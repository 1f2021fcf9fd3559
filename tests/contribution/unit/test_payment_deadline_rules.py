"""A submission is overdue from the day after its due date, while it still owes, unless voided."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.deadlines import submission_overdue

DUE = date(2025, 8, 15)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2025, 8, 14), False), (DUE, False), (date(2025, 8, 16), True), (date(2026, 1, 1), True)],
)
def test_a_submission_is_overdue_only_after_its_due_date(today: date, overdue: bool) -> None:
    assert (
        submission_overdue(due_date=DUE, today=today, outstanding=Decimal("91.40"), voided=False)
        is overdue
    )


@pytest.mark.parametrize("outstanding", [Decimal("0.00"), Decimal("-0.01")])
def test_a_submission_that_owes_nothing_is_never_overdue(outstanding: Decimal) -> None:
    assert not submission_overdue(
        due_date=DUE, today=date(2025, 9, 1), outstanding=outstanding, voided=False
    )


def test_a_voided_submission_is_never_overdue() -> None:
    assert not submission_overdue(
        due_date=DUE, today=date(2025, 9, 1), outstanding=Decimal("0.01"), voided=True
    )


def test_a_partly_paid_submission_is_overdue_for_the_sen_left() -> None:
    assert submission_overdue(
        due_date=DUE, today=date(2025, 8, 16), outstanding=Decimal("0.01"), voided=False
    )
