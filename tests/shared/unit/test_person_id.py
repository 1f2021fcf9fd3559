"""A contribution record's ID number: field 3 of the text file, "IC without dashes; for a foreign
worker the SOCSO number" (reference/tables/README.md). The SOCSO number's form is this platform's
own (the sources give none): 12 characters, a letter first."""

import pytest

from shared.kernel.ic import InvalidIC
from shared.kernel.person_id import (
    IdKind,
    InvalidSocsoNumber,
    id_kind,
    mask_person_id,
    normalise_person_id,
    normalise_socso_number,
)


def test_twelve_digits_are_a_mykad_checked_as_one() -> None:
    assert normalise_person_id("900101-14-5678") == "900101145678"
    assert id_kind("900101145678") is IdKind.MYKAD
    with pytest.raises(InvalidIC):
        normalise_person_id("901301145678")  # month 13: digits are never a SOCSO number


def test_a_socso_number_is_kept_in_capitals_so_one_worker_is_one_identifier() -> None:
    assert normalise_person_id("f90012345678") == "F90012345678"
    assert normalise_socso_number(" F90012345678 ") == "F90012345678"
    assert id_kind("F90012345678") is IdKind.SOCSO_NUMBER


@pytest.mark.parametrize(
    "bad",
    ["F9001234567", "F900123456789", "9F0012345678"[:0] + "1F0012345678x", "F9001234567-", ""],
)
def test_anything_else_is_neither(bad: str) -> None:
    with pytest.raises(InvalidIC, match="SOCSO number"):
        normalise_person_id(bad)


@pytest.mark.parametrize("bad", ["F900123456ſ8", "Ｆ90012345678", "F9001234567８", None, 12])
def test_a_socso_number_is_ascii_whatever_upper_case_makes_of_other_scripts(bad: object) -> None:
    with pytest.raises(InvalidSocsoNumber):
        normalise_socso_number(bad)


def test_a_socso_number_starting_with_a_digit_is_refused() -> None:
    with pytest.raises(InvalidSocsoNumber):
        normalise_socso_number("1F0012345678")


def test_masks_keep_what_a_reader_needs_and_no_more() -> None:
    assert mask_person_id("900101145678") == "900101-14-****"
    assert mask_person_id("F90012345678") == "F9001234****"
