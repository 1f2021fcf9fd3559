"""Malaysian identity card (MyKad) numbers: YYMMDD-PB-###G."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from shared.kernel.i18n import message_of, msg

# ASCII digits only: `\d` also matches fullwidth and Arabic-Indic digits, which would make one
# person two ICs (and `int()` reads them as the same number).
_IC_PATTERN = re.compile(r"([0-9]{6})-?([0-9]{2})-?([0-9]{4})")


def is_ascii_digits(text: str) -> bool:
    """Only 0-9: `str.isdigit()` is true of every script's digits, and `int()` reads them."""
    return text.isascii() and text.isdigit()


class InvalidIC(ValueError):
    """Not a 12-digit IC number, or one whose first six digits are not a real date."""


def normalise_ic(value: object) -> str:
    """Return the 12 digits of an IC given with or without dashes."""
    if not isinstance(value, str):
        raise InvalidIC(msg("IC number must be a string of 12 digits, e.g. 900101-14-5678"))
    match = _IC_PATTERN.fullmatch(value.strip())
    if not match:
        raise InvalidIC(msg("IC number must be 12 digits, with or without dashes (900101-14-5678)"))
    digits = "".join(match.groups())
    _ensure_possible_birth_date(digits)
    return digits


def _ensure_possible_birth_date(ic: str) -> None:
    """Whether YYMMDD is a real day needs no clock: read 20YY, the only reading under which 00
    is a leap year (2000 was, 1900 was not), so 29 February of year 00 is allowed."""
    try:
        date(2000 + int(ic[0:2]), int(ic[2:4]), int(ic[4:6]))
    except ValueError as exc:
        raise InvalidIC(msg("IC number {ic} is not a possible birth date", ic=ic[:6])) from exc


def birth_date_from_ic(ic: str, *, today: date) -> date:
    """The birth date the IC encodes, read on the business day `today`: the latest reading that
    is not after it, compared as whole dates (on 31 August 2025, 251215 is 15 December 1925)."""
    yy, mm, dd = int(ic[0:2]), int(ic[2:4]), int(ic[4:6])
    try:
        born = date(2000 + yy, mm, dd)
        # 29 February of 00 only reads as 2000 (1900 was no leap year), never after today.
        return born if born <= today else date(1900 + yy, mm, dd)
    except ValueError as exc:
        raise InvalidIC(msg("IC number {ic} is not a possible birth date", ic=ic[:6])) from exc


def age_on(ic: str, on: date) -> int:
    """Age in whole years on a given day (a 29 February birthday turns over on 1 March)."""
    return years_since(birth_date_from_ic(ic, today=on), on)


def years_since(born: date, on: date) -> int:
    """Whole years from a birth date to a day (a 29 February birthday turns over on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def mask_ic(ic: str) -> str:
    """The form logs and events use: 900101-14-****."""
    digits = ic.replace("-", "")
    if len(digits) != 12:
        return "****"
    return f"{digits[0:6]}-{digits[6:8]}-****"


def _validate(value: Any) -> str:
    try:
        return normalise_ic(value)
    except InvalidIC as exc:
        raise ValueError(message_of(exc)) from exc


def _identity(value: str) -> str:
    return value


ICNumber = Annotated[
    str,
    BeforeValidator(_validate),
    AfterValidator(_identity),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{6}-?[0-9]{2}-?[0-9]{4}$",
            "examples": ["900101-14-5678"],
        }
    ),
]
"""A pydantic field type: accepts dashes, stores and returns the 12 digits."""


def ic_from_path(value: str) -> str:
    """An IC in a URL path: its 12 digits, or 422 naming the `ic` field."""
    from shared.kernel.errors import InvalidInput, Violation

    try:
        return normalise_ic(value)
    except InvalidIC as exc:
        raise InvalidInput(
            message_of(exc), violations=[Violation(field="ic", message=message_of(exc))]
        ) from exc
