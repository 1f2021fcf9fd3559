"""How a contribution record names a person: the MyKad, or for a foreign worker the SOCSO number.

The monthly text file's field 3 is "ID number: IC without dashes; for a foreign worker the SOCSO
number", 12 characters (reference/tables/README.md). The sources give no format for the SOCSO
number, so this platform defines one that can never be read as a MyKad: 12 characters, a letter
first, then capital letters or digits (`F90012345678`). Twelve digits are always a MyKad, and are
checked as one (its first six digits a real date). Lower case is accepted and kept in capitals, so
one worker is one identifier.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import InvalidIC, is_ascii_digits, mask_ic, normalise_ic

_SOCSO_NUMBER = re.compile(r"[A-Z][A-Z0-9]{11}")
SOCSO_NUMBER_EXAMPLE = "F90012345678"


class IdKind(StrEnum):
    MYKAD = "mykad"
    SOCSO_NUMBER = "socso_number"


class InvalidSocsoNumber(ValueError):
    """Not 12 characters, a letter first, then capital letters or digits."""


def normalise_socso_number(value: object) -> str:
    """The SOCSO number in capitals, or InvalidSocsoNumber."""
    # Checked as ASCII first: upper() turns some other scripts' letters into A-Z (the long s).
    text = value.strip().upper() if isinstance(value, str) and value.isascii() else ""
    if not _SOCSO_NUMBER.fullmatch(text):
        raise InvalidSocsoNumber(
            msg(
                "a SOCSO number is 12 characters, a letter then letters or digits ({SOCSO_NUMBER_EXAMPLE})",
                SOCSO_NUMBER_EXAMPLE=SOCSO_NUMBER_EXAMPLE,
            )
        )
    return text


def normalise_person_id(value: object) -> str:
    """A text file's ID number in its one form: 12 digits are a MyKad (checked as one, dashes
    allowed), anything else must be a SOCSO number."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and is_ascii_digits(text.replace("-", "")):
        return normalise_ic(text)
    try:
        return normalise_socso_number(text)
    except InvalidSocsoNumber as exc:
        raise InvalidIC(
            msg(
                "the ID number is a MyKad (12 digits) or, for a foreign worker, a SOCSO number (12 characters, a letter first: {SOCSO_NUMBER_EXAMPLE})",
                SOCSO_NUMBER_EXAMPLE=SOCSO_NUMBER_EXAMPLE,
            )
        ) from exc


def id_kind(person_id: str) -> IdKind:
    """Which of the two an identifier already in its one form is."""
    return IdKind.MYKAD if is_ascii_digits(person_id) else IdKind.SOCSO_NUMBER


def mask_person_id(person_id: str) -> str:
    """For logs, events and conflicts: 900101-14-**** for a MyKad, F9001234**** for a SOCSO number."""
    if id_kind(person_id) is IdKind.MYKAD:
        return mask_ic(person_id)
    return f"{person_id[:8]}****"


def _validate(value: Any) -> str:
    try:
        return normalise_socso_number(value)
    except InvalidSocsoNumber as exc:
        raise ValueError(message_of(exc)) from exc


SocsoNumber = Annotated[
    str,
    BeforeValidator(_validate),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[A-Za-z][A-Za-z0-9]{11}$",
            "examples": [SOCSO_NUMBER_EXAMPLE],
            "description": "a foreign worker's SOCSO number: 12 characters, a letter first",
        }
    ),
]
"""A pydantic field type: a SOCSO number, kept in capitals."""


def person_id_from_path(value: str) -> str:
    """A MyKad or SOCSO number in a URL path, in its one form, or 422 naming the `ic` field."""
    from shared.kernel.errors import InvalidInput, Violation

    try:
        return normalise_person_id(value)
    except InvalidIC as exc:
        raise InvalidInput(
            message_of(exc), violations=[Violation(field="ic", message=message_of(exc))]
        ) from exc


def _validate_person_id(value: Any) -> str:
    try:
        return normalise_person_id(value)
    except InvalidIC as exc:
        raise ValueError(message_of(exc)) from exc


PersonIdNumber = Annotated[
    str,
    BeforeValidator(_validate_person_id),
    WithJsonSchema(
        {
            "type": "string",
            "examples": ["900101-14-5678", SOCSO_NUMBER_EXAMPLE],
            "description": "a MyKad (12 digits, dashes allowed) or a foreign worker's SOCSO number",
        }
    ),
]
"""A pydantic field type: a person's ID number in its one form."""
