"""An appeal's first hearing within 90 days of filing, at the edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.appeals.domain.deadlines import (
    hear_by,
    hearing_overdue,
    latest_overdue_filing_day,
)

FILED = date(2025, 8, 1)


def overdue(today: date, *, hearings: list[date] | None = None, still_open: bool = True) -> bool:
    return hearing_overdue(
        filed_on=FILED,
        today=today,
        within_days=90,
        still_open=still_open,
        hearing_days=hearings or [],
    )


def test_the_hear_by_day_is_ninety_days_after_filing() -> None:
    assert hear_by(FILED, 90) == date(2025, 10, 30)


@pytest.mark.parametrize(("days", "expected"), [(89, False), (90, False), (91, True)])
def test_an_unheard_appeal_is_overdue_only_after_the_ninetieth_day(
    days: int, expected: bool
) -> None:
    assert overdue(FILED + timedelta(days=days)) is expected


def test_a_hearing_on_the_ninetieth_day_is_in_time() -> None:
    assert not overdue(date(2025, 11, 15), hearings=[date(2025, 10, 30)])


def test_a_hearing_set_after_the_ninetieth_day_does_not_save_the_deadline() -> None:
    assert overdue(date(2025, 11, 15), hearings=[date(2025, 10, 31)])


def test_a_decided_or_withdrawn_appeal_is_never_overdue() -> None:
    assert not overdue(date(2026, 8, 1), still_open=False)


def test_the_latest_overdue_filing_day_agrees_with_the_rule() -> None:
    today = date(2025, 10, 31)
    assert latest_overdue_filing_day(today, 90) == FILED
    assert hearing_overdue(
        filed_on=FILED, today=today, within_days=90, still_open=True, hearing_days=[]
    )
    assert not hearing_overdue(
        filed_on=FILED + timedelta(days=1),
        today=today,
        within_days=90,
        still_open=True,
        hearing_days=[],
    )
