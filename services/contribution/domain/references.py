"""Payment references banks quote: employer, month, sequence and a check digit that catches typos."""

from __future__ import annotations

import re

from services.contribution.domain.employer_codes import EMPLOYER_CODE
from services.contribution.domain.months import ContributionMonth

_REFERENCE = re.compile(rf"^({EMPLOYER_CODE})-([0-9]{{6}})-([0-9]{{2,3}})-([0-9])$")


def _check_digit(body: str) -> int:
    """Luhn mod 10 over the characters' values (letters count as their ordinal), as bank slips use."""
    digits = "".join(str(int(c, 36)) for c in body if c.isalnum())
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def build_reference(employer_code: str, month: ContributionMonth, sequence: int) -> str:
    """E1000001-202507-01-8: the employer's `sequence`-th submission for the month."""
    if not 1 <= sequence <= 999:
        raise ValueError("sequence must be between 1 and 999")
    body = f"{employer_code}-{month.year:04d}{month.month:02d}-{sequence:02d}"
    return f"{body}-{_check_digit(body)}"


def is_valid_reference(reference: str) -> bool:
    match = _REFERENCE.match(reference)
    if not match:
        return False
    body = reference.rsplit("-", 1)[0]
    return _check_digit(body) == int(match.group(4))
