"""The base of every request body: unknown fields refused, and no control character in any text.

A NUL or another C0 control character is never part of a name, a reference or a note; PostgreSQL
refuses NUL in text outright, so one such field would fail its whole transaction after the checks
(with bank callbacks, the group commit's). Refused here, it is a 422 naming the field. Tab, line
feed and carriage return stay allowed: notes and reasons have lines.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if has_control_character(value):
            raise ValueError(CONTROL_MESSAGE)
        return value
