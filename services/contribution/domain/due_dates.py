"""When a month's contributions are due: the 15th of the following month, or the last working day before it.

A working day is neither a weekly rest day of the employer's state (dated regimes in data/rest_days.toml)
nor a public holiday there (the maintained `holidays` calendar, with Malaysia's state subdivisions).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import DATA
from shared.kernel.states import State

DUE_DAY = 15
DEFAULT_REST_DAYS = frozenset({6, 7})


@dataclass(frozen=True)
class RestDayRegime:
    states: frozenset[str]
    start: date
    end: date | None
    rest_days: frozenset[int]

    def applies(self, state: State, day: date) -> bool:
        return (
            state.value in self.states
            and self.start <= day
            and (self.end is None or day <= self.end)
        )


@cache
def _regimes() -> tuple[RestDayRegime, ...]:
    raw = tomllib.loads((DATA / "rest_days.toml").read_text(encoding="utf-8"))
    return tuple(
        RestDayRegime(
            states=frozenset(r["states"]),
            start=date.fromisoformat(r["from"]),
            end=date.fromisoformat(r["until"]) if "until" in r else None,
            rest_days=frozenset(r["rest_days"]),
        )
        for r in raw["regime"]
    )


def rest_days(state: State, day: date) -> frozenset[int]:
    for regime in _regimes():
        if regime.applies(state, day):
            return regime.rest_days
    return DEFAULT_REST_DAYS


@cache
def _holidays(state: State, year: int) -> holidays.HolidayBase:
    calendar: holidays.HolidayBase = holidays.country_holidays("MY", subdiv=state.value, years=year)
    return calendar


def load_calendars(year: int) -> None:
    """Build every state's holiday calendar for the year now: the first build imports and computes
    the country's calendar (measured: 130 ms), which the first submission would otherwise wait for."""
    for state in State:
        _holidays(state, year)


def is_working_day(day: date, state: State) -> bool:
    return day.isoweekday() not in rest_days(state, day) and day not in _holidays(state, day.year)


def due_date(month: ContributionMonth, state: State) -> date:
    """The last day to pay a month's contributions in the employer's state."""
    following = month.next()
    day = date(following.year, following.month, DUE_DAY)
    while not is_working_day(day, state):
        day -= timedelta(days=1)
    return day
