"""The treatment decision deadline at its edges: day 14 is in time, day 15 is overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.dialysis.domain.deadlines import decision_overdue, latest_overdue_request_day
from shared.kernel.clock import malaysia_date, start_of_day

REQUESTED = date(2025, 8, 1)


@pytest.mark.parametrize(
    ("days_after", "overdue"), [(0, False), (13, False), (14, False), (15, True), (40, True)]
)
def test_a_request_is_overdue_only_after_the_decision_days(days_after: int, overdue: bool) -> None:
    assert decision_overdue(REQUESTED, REQUESTED + timedelta(days=days_after), 14) is overdue


def test_the_decision_days_are_a_setting() -> None:
    assert decision_overdue(REQUESTED, date(2025, 8, 9), 7)
    assert not decision_overdue(REQUESTED, date(2025, 8, 8), 7)


@pytest.mark.parametrize("days_after", [14, 15, 16])
def test_the_latest_overdue_request_day_agrees_with_the_rule(days_after: int) -> None:
    today = REQUESTED + timedelta(days=days_after)
    latest = latest_overdue_request_day(today, 14)
    assert decision_overdue(latest, today, 14)
    assert not decision_overdue(latest + timedelta(days=1), today, 14)


def test_the_request_day_is_the_day_in_malaysia() -> None:
    # 16:30 UTC on 1 August is half past midnight on 2 August in Malaysia: day 15 is 17 August.
    requested_at = datetime(2025, 8, 1, 16, 30, tzinfo=UTC)
    assert malaysia_date(requested_at) == date(2025, 8, 2)
    cutoff = start_of_day(latest_overdue_request_day(date(2025, 8, 16), 14) + timedelta(days=1))
    assert requested_at >= cutoff  # not yet overdue on 16 August
    cutoff = start_of_day(latest_overdue_request_day(date(2025, 8, 17), 14) + timedelta(days=1))
    assert requested_at < cutoff
