"""Every instant a client is shown is in Malaysia time (CONTRACT.md: RFC 3339 with `+08:00`)."""

from __future__ import annotations

import re
from typing import Any

# A date, a time and an offset: an RFC 3339 instant anywhere in a text (a summary may quote one).
_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<offset>Z|z|[+-]\d{2}:\d{2})"
)


def instants_not_in_malaysia_time(document: Any, where: str = "$") -> list[str]:
    """Where in `document` (parsed JSON) an instant has an offset other than +08:00, and what."""
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            found += instants_not_in_malaysia_time(value, f"{where}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += instants_not_in_malaysia_time(value, f"{where}[{index}]")
    elif isinstance(document, str):
        found += [
            f"{where}: {match.group(0)}"
            for match in _INSTANT.finditer(document)
            if match.group("offset") != "+08:00"
        ]
    return found
