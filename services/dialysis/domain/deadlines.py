"""A treatment request's decision deadline, in Malaysian calendar days (pure)."""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_DECISION_DAYS = 14


def decision_overdue(requested_on: date, today: date, decision_days: int) -> bool:
    """Undecided *after* `decision_days` days: on day 14 after the request it is still in time,
    from day 15 it is overdue."""
    return (today - requested_on).days > decision_days


def latest_overdue_request_day(today: date, decision_days: int) -> date:
    """The last request day whose decision is overdue today (every earlier day is too)."""
    return today - timedelta(days=decision_days + 1)
