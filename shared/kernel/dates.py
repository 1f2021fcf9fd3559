"""The one range every date, instant and month in a request lies in: 1900-01-01 to 2100-12-31.

Outside it a date is a typing slip, never a fact the platform could hold (the oldest insured
person was born after 1900; no schedule or loan runs past 2100), and arithmetic on it fails
(`0001-01-01T00:00:00+14:00` has no UTC instant). The bounds are in the JSON Schemas too, as
patterns, so that clients and generated tests see them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, PlainSerializer, WithJsonSchema

from shared.kernel.clock import MALAYSIA_TIME, in_malaysia_time
from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import msg

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
RANGE_TEXT = msg(
    "between {earliest} and {latest}", earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()
)

_YEAR = r"(19[0-9]{2}|20[0-9]{2}|2100)"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
MONTH_PATTERN = f"^{_YEAR}-{_MONTH}$"
DATE_PATTERN = f"^{_YEAR}-{_MONTH}-{_DAY}$"
INSTANT_PATTERN = f"^{_YEAR}-{_MONTH}-{_DAY}[Tt ]{_TIME}{_OFFSET}$"
_MONTH_RE = re.compile(MONTH_PATTERN)


def check_day(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(msg("the date must lie {range}", range=RANGE_TEXT))
    return value


def check_instant(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(msg("the instant must carry a UTC offset, e.g. +08:00"))
    # Its own calendar day within the range keeps every conversion to another offset possible.
    if not EARLIEST <= value.date() <= LATEST:
        raise ValueError(msg("the instant must lie {range}", range=RANGE_TEXT))
    return value


def parse_month(text: str) -> tuple[int, int]:
    """The year and month of `"YYYY-MM"` (ASCII digits, a year from 1900 to 2100)."""
    match = _MONTH_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(msg('month must be "YYYY-MM" between 1900-01 and 2100-12, e.g. "2025-07"'))
    return int(match.group(1)), int(match.group(2))


Day = Annotated[
    date,
    AfterValidator(check_day),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2025-08-18"]}
    ),
]
"""A date in a request: `YYYY-MM-DD`, within the range."""


INSTANT_EXAMPLE = "2025-08-18T10:00:00+08:00"

InstantOut = Annotated[
    datetime,
    PlainSerializer(in_malaysia_time, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"\+08:00$",
            "description": "RFC 3339 in Malaysia time (+08:00)",
            "examples": [INSTANT_EXAMPLE],
        },
        mode="serialization",
    ),
]
"""An instant in a response: RFC 3339 in Malaysia time, "2025-08-18T10:00:00+08:00"."""


def to_malaysia_time(value: datetime) -> datetime:
    return value.astimezone(MALAYSIA_TIME)


Instant = Annotated[
    AwareDatetime,
    AfterValidator(check_instant),
    # Any offset is accepted and the instant kept; what it is echoed as is Malaysia time.
    AfterValidator(to_malaysia_time),
    PlainSerializer(in_malaysia_time, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": INSTANT_PATTERN,
            "description": "RFC 3339 with any UTC offset; answered in Malaysia time (+08:00)",
            "examples": [INSTANT_EXAMPLE],
        },
        mode="validation",
    ),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"\+08:00$",
            "examples": [INSTANT_EXAMPLE],
        },
        mode="serialization",
    ),
]
"""An instant in a request: RFC 3339 with its UTC offset, within the range; held (and echoed)
in Malaysia time."""


# A bank's clock may run this far ahead of ours (CONTRACT.md "Lists, search and time").
BANK_CLOCK_LEEWAY = timedelta(minutes=5)


def ensure_happened(
    facts: Mapping[str, date | datetime | Iterable[date] | None],
    *,
    now: datetime,
    leeway: timedelta = timedelta(0),
) -> None:
    """What has happened cannot be in the future: every field given that lies after `now`
    (an instant, with `leeway`) or after today in Malaysia (a date) is a 422 naming it; a list of
    dates names each late one by its index."""
    today = now.astimezone(MALAYSIA_TIME).date()
    violations = []
    for name, value in facts.items():
        if value is None:
            continue
        if isinstance(value, date | datetime):
            named: list[tuple[str, date | datetime]] = [(name, value)]
        else:
            named = [(f"{name}[{index}]", one) for index, one in enumerate(value)]
        for field, one in named:
            late = one > now + leeway if isinstance(one, datetime) else one > today
            if late:
                violations.append(
                    Violation(
                        field=field, message=msg("cannot be in the future"), code="in-the-future"
                    )
                )
    if violations:
        raise RuleViolated(msg("What has happened cannot be in the future"), violations=violations)


def ensure_to_come(field: str, instant: datetime, *, now: datetime) -> None:
    """What is scheduled must lie ahead: 422 naming the field otherwise."""
    if instant <= now:
        raise RuleViolated(
            msg("What is scheduled must be in the future"),
            violations=[
                Violation(field=field, message=msg("must be in the future"), code="in-the-past")
            ],
        )


def ensure_today_or_later(field: str, day: date, *, now: datetime) -> None:
    """A day asked about ahead (a what-if) is today or later in Malaysia: 422 naming the field."""
    if day < now.astimezone(MALAYSIA_TIME).date():
        raise RuleViolated(
            msg("The day must be today or later"),
            violations=[
                Violation(field=field, message=msg("must be today or later"), code="in-the-past")
            ],
        )
