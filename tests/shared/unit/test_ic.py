"""IC (MyKad) numbers: 12 digits, dashes optional, the first six a real birth date."""

from datetime import date

import pytest

from shared.kernel.ic import InvalidIC, age_on, birth_date_from_ic, mask_ic, normalise_ic


def test_dashes_are_accepted_and_dropped() -> None:
    assert normalise_ic("900101-14-5678") == "900101145678"
    assert normalise_ic("900101145678") == "900101145678"


@pytest.mark.parametrize(
    "bad",
    [
        "901301145678",
        "900230145678",
        "000229145679"[:0] + "010229145678",
        "90010114567",
        "9001-0114-5678",
        "abcdefghijkl",
    ],
)
def test_impossible_or_malformed_numbers_are_refused(bad: str) -> None:
    with pytest.raises(InvalidIC):
        normalise_ic(bad)


def test_29_february_exists_only_in_leap_years() -> None:
    assert birth_date_from_ic("000229145678", today=date(2025, 1, 1)) == date(2000, 2, 29)


def test_two_digit_years_are_read_as_the_latest_year_not_in_the_future() -> None:
    assert birth_date_from_ic("250101145678", today=date(2025, 6, 1)).year == 2025
    assert birth_date_from_ic("260101145678", today=date(2025, 6, 1)).year == 1926


def test_a_birthday_later_this_year_is_a_century_ago_not_a_negative_age() -> None:
    # On 31 August 2025 nobody can yet have been born on 15 December 2025.
    assert birth_date_from_ic("251215145678", today=date(2025, 8, 31)) == date(1925, 12, 15)
    assert age_on("251215145678", date(2025, 8, 31)) == 99
    # Born today is possible: age 0.
    assert age_on("250831145678", date(2025, 8, 31)) == 0


def test_age_turns_on_the_birthday() -> None:
    assert age_on("650815145678", date(2025, 8, 14)) == 59
    assert age_on("650815145678", date(2025, 8, 15)) == 60


def test_masking_keeps_birth_date_and_place_only() -> None:
    assert mask_ic("900101145678") == "900101-14-****"


@pytest.mark.parametrize(
    "other_script",
    [
        "９００１０１１４５６７８",  # fullwidth
        "٩٠٠١٠١١٤٥٦٧٨",  # Arabic-Indic
        "۹۰۰۱۰۱-۱۴-۵۶۷۸",  # Extended Arabic-Indic, with dashes
        "९००१०११४५६७८",  # Devanagari
        "90010114567８",  # one fullwidth digit among ASCII ones
        "900101145678\n",  # a line end after the digits
    ],
)
def test_only_ascii_digits_make_an_ic(other_script: str) -> None:
    """Issue 15.4: `\\d` matched every script's digits, so one person had several ICs."""
    if other_script.strip() == "900101145678":
        assert normalise_ic(other_script) == "900101145678"
        return
    with pytest.raises(InvalidIC):
        normalise_ic(other_script)
