"""The base of every request body: unknown fields refused, booleans only as JSON booleans, and no
control character in any text.

A NUL or another C0 control character is never part of a name, a reference or a note; PostgreSQL
refuses NUL in text outright, so one such field would fail its whole transaction after the checks
(with bank callbacks, the group commit's). Refused here, it is a 422 naming the field. Tab, line
feed and carriage return stay allowed: notes and reasons have lines.
"""

from __future__ import annotations

import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from shared.kernel.i18n import msg

# C0 and C1 controls (tab, line feed and carriage return allowed), and the line and paragraph
# separators and bidirectional overrides that make a name read otherwise on screen and in logs.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
CONTROL_MESSAGE = "must not contain control characters"


def has_control_character(value: Any) -> bool:
    """True for a text, or a list, tuple or dict holding one (nested models check themselves)."""
    if isinstance(value, str):
        return _CONTROL.search(value) is not None
    if isinstance(value, list | tuple | set | frozenset):
        return any(has_control_character(item) for item in value)
    if isinstance(value, dict):
        return any(has_control_character(k) or has_control_character(v) for k, v in value.items())
    return False


def _is_boolean(annotation: object) -> bool:
    if annotation is bool:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return all(arg in (bool, type(None)) for arg in get_args(annotation))
    return False


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        """A yes-or-no field takes JSON `true` or `false`: "yes", 1 or "false" are not read as one."""
        field = cls.model_fields.get(info.field_name or "")
        boolean = field is not None and _is_boolean(field.annotation)
        if boolean and value is not None and not isinstance(value, bool):
            raise ValueError(msg("must be true or false"))
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if has_control_character(value):
            raise ValueError(CONTROL_MESSAGE)
        return value
