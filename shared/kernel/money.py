"""Money as `Decimal`: parsed strictly from strings, rounded to the sen, serialised as "123.45"."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from shared.kernel.i18n import message_of, msg

SEN = Decimal("0.01")
ZERO = Decimal("0.00")

# At most twelve ringgit digits keeps every amount inside NUMERIC(14, 2) columns.
_MONEY_PATTERN = re.compile(r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$")
MONEY_PATTERN = _MONEY_PATTERN.pattern


class InvalidMoney(ValueError):
    """Raised for anything that is not a non-negative amount with at most two decimals."""


def parse_money(value: object) -> Decimal:
    """Parse the API's money form: a string like "1234.50". Floats, ints and bools are refused."""
    if isinstance(value, Decimal):
        # Amounts already in Decimal (from the database or a computation, on their way out) skip
        # the text round trip: finite, not negative, at most two decimals. The twelve-digit limit
        # is for what a client sends (JSON never arrives as a Decimal): a total of many amounts
        # may pass it, and must still be shown.
        if value.is_finite() and not value.is_signed() and int(value.as_tuple().exponent) >= -2:
            return value.quantize(SEN)
        text = format(value, "f")
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise InvalidMoney(msg('money must be a string with at most two decimals, e.g. "1234.50"'))
    if text.startswith("-"):
        raise InvalidMoney(msg("money must not be negative"))
    if not _MONEY_PATTERN.match(text):
        raise InvalidMoney(_why_not_money(text))
    try:
        return Decimal(text).quantize(SEN)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes these
        raise InvalidMoney(str(exc)) from exc


_DIGITS = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


def _why_not_money(text: str) -> str:
    """The one thing wrong with a text that is almost an amount, said plainly."""
    digits = _DIGITS.fullmatch(text)
    if digits is not None:
        whole, decimals = digits.group(1), digits.group(2) or ""
        if len(decimals) > 2:
            return msg("money has at most two decimals (sen)")
        if len(whole.lstrip("0") or "0") > 12 or (len(whole) > 1 and whole.startswith("0")):
            return msg("money has at most twelve digits of ringgit and no leading zeros")
    return msg('money must be a string with at most two decimals, e.g. "1234.50"')


def to_sen(amount: Decimal) -> Decimal:
    """Round half up to the sen, the rounding the schedules and statements use."""
    return amount.quantize(SEN, rounding=ROUND_HALF_UP)


def round_up_to_multiple(amount: Decimal, step: Decimal) -> Decimal:
    """Round up to the next multiple of `step` (an amount already on a multiple stays)."""
    if step <= 0:
        raise ValueError(msg("step must be positive"))
    return ((amount / step).to_integral_value(rounding=ROUND_CEILING) * step).quantize(SEN)


def format_money(amount: Decimal) -> str:
    """The JSON form: always two decimals."""
    if amount.as_tuple().exponent == -2:
        return f"{amount:f}"
    return f"{amount.quantize(SEN, rounding=ROUND_HALF_UP):.2f}"


def _validate(value: Any) -> Decimal:
    try:
        return parse_money(value)
    except InvalidMoney as exc:
        raise ValueError(message_of(exc)) from exc


Money = Annotated[
    Decimal,
    BeforeValidator(_validate),
    PlainSerializer(format_money, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": MONEY_PATTERN, "examples": ["1234.50"]}, mode="validation"
    ),
    # What the platform sends: always two decimals, and a total may pass the twelve digits.
    WithJsonSchema(
        {"type": "string", "pattern": r"^(0|[1-9][0-9]*)\.[0-9]{2}$", "examples": ["1234.50"]},
        mode="serialization",
    ),
]
"""A pydantic field type for amounts in requests and responses."""
