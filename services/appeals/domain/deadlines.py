"""An appeal's hearing deadline, in Malaysian calendar days (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

DEFAULT_HEARING_WITHIN_DAYS = 90


def hear_by(filed_on: date, within_days: int) -> date:
    """The last day a first hearing may sit on: `within_days` after filing."""
    return filed_on + timedelta(days=within_days)


def hearing_overdue(
    *, filed_on: date, today: date, within_days: int, still_open: bool, hearing_days: Iterable[date]
) -> bool:
    """Overdue once the hear-by day has passed with no hearing set on or before it; a decided or
    withdrawn appeal waits for nothing."""
    last_day = hear_by(filed_on, within_days)
    return still_open and today > last_day and not any(day <= last_day for day in hearing_days)


def latest_overdue_filing_day(today: date, within_days: int) -> date:
    """The last filing day whose hear-by day has passed today (every earlier day's has too)."""
    return today - timedelta(days=within_days + 1)
