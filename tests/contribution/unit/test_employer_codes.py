"""Employer codes are 4 to 12 capital letters or digits (CONTRACT.md, `EmployerCode`): a search
need look at codes only when its text could begin one."""

from __future__ import annotations

import pytest

from services.contribution.domain.employer_codes import could_begin_a_code


@pytest.mark.parametrize(
    ("text", "could"),
    [
        ("E", True),
        ("e100", True),
        ("E1000001", True),
        ("ABCDEFGHIJ12", True),  # twelve: the longest code
        ("ABCDEFGHIJ123", False),  # thirteen: longer than any code
        ("", False),
        ("bayu cahaya", False),
        ("E1000001-01", False),
        ("E10%", False),
        ("١٢٣٤", False),  # digits, but not ASCII ones
    ],
)
def test_only_text_a_code_can_begin_with_is_looked_for_among_codes(text: str, could: bool) -> None:
    assert could_begin_a_code(text) is could
