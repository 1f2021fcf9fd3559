"""Payment references: employer, month, sequence and a Luhn check digit over the characters'
values (a letter counts as its base-36 value: A is 10, E is 14), as bank slips quote them.

Check digits worked by hand, doubling every second digit from the right of the body:
E1000001-202507-01: digits 1 4 1 0 0 0 0 0 1 2 0 2 5 0 7 0 1; doubled from the right
1->2, 7->14->5, 5->10->1, 0, 1->2, 0, 0, 1->2, 1->2 = 14; the others 0+0+2+2+0+0+0+4 = 8;
22 -> (10 - 2) % 10 = 8.
E1000001-202507-24: ... 0 7 2 4: doubled 4->8, 7->5, 5->1, 0, 1->2, 0, 0, 1->2, 1->2 = 20;
the others 2+0+2+2+0+0+0+4 = 10; 30 -> 0.
AB12-202412-999: digits 1 0 1 1 1 2 2 0 2 4 1 2 9 9 9; doubled 9->18->9, 9->9, 1->2, 2->4,
2->4, 1->2, 1->2, 1->2 = 34; the others 9+2+4+0+2+1+0 = 18; 52 -> 8.
"""

from __future__ import annotations

import pytest

from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.references import build_reference, is_valid_reference

JULY = ContributionMonth(2025, 7)


@pytest.mark.parametrize(
    ("employer", "month", "sequence", "reference"),
    [
        ("E1000001", JULY, 1, "E1000001-202507-01-8"),
        ("E1000001", JULY, 24, "E1000001-202507-24-0"),
        ("AB12", ContributionMonth(2024, 12), 999, "AB12-202412-999-8"),
    ],
)
def test_a_reference_carries_its_check_digit(
    employer: str, month: ContributionMonth, sequence: int, reference: str
) -> None:
    assert build_reference(employer, month, sequence) == reference
    assert is_valid_reference(reference)


@pytest.mark.parametrize("wrong", [f"E1000001-202507-01-{d}" for d in "012345679"])
def test_any_other_check_digit_is_a_typo(wrong: str) -> None:
    assert not is_valid_reference(wrong)


def test_swapping_two_digits_is_caught() -> None:
    assert not is_valid_reference("E1000001-202570-01-8")


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "E1000001-202507-01",  # no check digit
        "e1000001-202507-01-8",  # lower case
        "E10-202507-01-8",  # employer code under 4 characters
        "E1000001-2025-07-01-8",
        "E1000001-202507-1-8",  # sequence under 2 digits
        "E1000001-202507-01-88",
    ],
)
def test_a_malformed_reference_is_not_valid(malformed: str) -> None:
    assert not is_valid_reference(malformed)


def test_the_sequence_runs_from_1_to_999() -> None:
    assert build_reference("E1000001", JULY, 7).startswith("E1000001-202507-07-")
    assert build_reference("E1000001", JULY, 999).startswith("E1000001-202507-999-")
    for sequence in (0, 1000):
        with pytest.raises(ValueError, match=r"^sequence must be between 1 and 999$"):
            build_reference("E1000001", JULY, sequence)
