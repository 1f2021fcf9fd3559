"""Employer codes: 4 to 12 capital letters or digits (E1000001)."""

from __future__ import annotations

LONGEST = 12
EMPLOYER_CODE = rf"[A-Z0-9]{{4,{LONGEST}}}"


def could_begin_a_code(text: str) -> bool:
    """Whether some employer code begins with `text` in any case: a search for anything else need
    not look at codes (their index costs as much as the names' for a search that cannot match)."""
    return len(text) <= LONGEST and text.isascii() and text.isalnum()  # "" is not alnum
