"""One clock per process, so tests and back-dated runs can set the business date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol

MALAYSIA_TIME = timezone(timedelta(hours=8), "MYT")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(MALAYSIA_TIME)


class FixedClock:
    """A clock that stands still until moved: tests and back-dated runs."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self._at = at

    def advance(self, delta: timedelta) -> None:
        self._at += delta


def malaysia_date(instant: datetime) -> date:
    """The calendar day in Malaysia time: what a rule means by "day"."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(MALAYSIA_TIME).date()


def in_malaysia_time(instant: datetime) -> str:
    """An instant as the platform shows it: RFC 3339 with the +08:00 offset (CONTRACT.md), so a
    client never has to reconcile `Z`, `+00:00` and `+08:00` forms of one moment."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(MALAYSIA_TIME).isoformat()


def today(clock: Clock) -> date:
    """Today's date in Malaysia."""
    return malaysia_date(clock.now())


def start_of_day(day: date) -> datetime:
    """Midnight in Malaysia at the start of `day`: instants before it fall on earlier days."""
    return datetime.combine(day, time(0), MALAYSIA_TIME)
