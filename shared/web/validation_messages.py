"""Pydantic's validation errors in another language, by error `type` (its English stays as it is).

Pydantic words its messages itself, in English only; each `type` it reports is mapped here to a
template of ours, filled from the error's `ctx`, so the catalogue holds its translation like any
other message. A type not listed is said with the general "Invalid value".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.kernel.i18n import Message, msg, placeholders
from shared.process.i18n import catalogue, translate

_VALID_DATE = msg("Input should be a valid date")
_VALID_DATETIME = msg("Input should be a valid datetime")
_VALID_INTEGER = msg("Input should be a valid integer")
_VALID_NUMBER = msg("Input should be a valid number")
_VALID_BOOLEAN = msg("Input should be a valid boolean")
_VALID_DECIMAL = msg("Input should be a valid decimal")
_VALID_OBJECT = msg("Input should be a valid dictionary or object")
_VALID_UUID = msg("Input should be a valid UUID")
_EXPECTED = msg("Input should be {expected}")

BY_TYPE: Mapping[str, Message] = {
    "missing": msg("Field required"),
    "extra_forbidden": msg("Extra inputs are not permitted"),
    "string_type": msg("Input should be a valid string"),
    "string_too_short": msg("String should have at least {min_length} characters"),
    "string_too_long": msg("String should have at most {max_length} characters"),
    "string_pattern_mismatch": msg("String should match pattern '{pattern}'"),
    "string_unicode": msg("Input should be a valid string"),
    "int_type": _VALID_INTEGER,
    "int_parsing": _VALID_INTEGER,
    "int_from_float": msg("Input should be a valid integer, got a number with a fractional part"),
    "float_type": _VALID_NUMBER,
    "float_parsing": _VALID_NUMBER,
    "finite_number": msg("Input should be a finite number"),
    "bool_type": _VALID_BOOLEAN,
    "bool_parsing": _VALID_BOOLEAN,
    "decimal_type": _VALID_DECIMAL,
    "decimal_parsing": _VALID_DECIMAL,
    "decimal_max_places": msg(
        "Decimal input should have no more than {decimal_places} decimal places"
    ),
    "decimal_max_digits": msg(
        "Decimal input should have no more than {max_digits} digits in total"
    ),
    "decimal_whole_digits": msg(
        "Decimal input should have no more than {whole_digits} digits before the decimal point"
    ),
    "greater_than": msg("Input should be greater than {gt}"),
    "greater_than_equal": msg("Input should be greater than or equal to {ge}"),
    "less_than": msg("Input should be less than {lt}"),
    "less_than_equal": msg("Input should be less than or equal to {le}"),
    "multiple_of": msg("Input should be a multiple of {multiple_of}"),
    "enum": _EXPECTED,
    "literal_error": _EXPECTED,
    "date_type": _VALID_DATE,
    "date_parsing": _VALID_DATE,
    "date_from_datetime_parsing": _VALID_DATE,
    "date_from_datetime_inexact": msg("Datetimes provided to dates should have zero time"),
    "datetime_type": _VALID_DATETIME,
    "datetime_parsing": _VALID_DATETIME,
    "datetime_from_date_parsing": _VALID_DATETIME,
    "timezone_aware": msg("Input should have timezone info"),
    "time_type": msg("Input should be a valid time"),
    "time_parsing": msg("Input should be a valid time"),
    "uuid_type": _VALID_UUID,
    "uuid_parsing": _VALID_UUID,
    "list_type": msg("Input should be a valid list"),
    "dict_type": _VALID_OBJECT,
    "model_type": _VALID_OBJECT,
    "model_attributes_type": _VALID_OBJECT,
    "too_short": msg("Should have at least {min_length} items"),
    "too_long": msg("Should have at most {max_length} items"),
    "url_type": msg("Input should be a valid URL"),
    "url_parsing": msg("Input should be a valid URL"),
    "json_invalid": msg("Invalid JSON"),
    "union_tag_invalid": msg("The tag is not one of the expected tags"),
    "union_tag_not_found": msg("The tag that says which kind this is is missing"),
    "bytes_type": msg("Input should be valid bytes"),
    "none_required": msg("Input should be null"),
}
INVALID = msg("Invalid value")

# Words pydantic puts into a value it reports (`'a', 'b' or 'c'`), said in the language too.
_JOINERS = {"ms": (" or ", " atau ")}


def pydantic_message(kind: str, ctx: Mapping[str, Any], language: str) -> str:
    """The message for a pydantic error of type `kind`, in `language`."""
    if kind in ("value_error", "assertion_error"):
        cause = str(ctx.get("error", ""))
        if cause in catalogue(language):
            return translate(cause, language)
        return translate(INVALID, language)
    template = BY_TYPE.get(kind, INVALID)
    values = {name: str(ctx[name]) for name in placeholders(template) if name in ctx}
    if len(values) < len(placeholders(template)):
        return translate(INVALID, language)
    if language in _JOINERS:
        plain, said = _JOINERS[language]
        values = {name: value.replace(plain, said) for name, value in values.items()}
    return translate(Message(template.template, values), language)
