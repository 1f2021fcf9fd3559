"""Ageing bands at every edge: "0-30, 31-60, 61-90, over 90 days" (issue 18)."""

import pytest

from services.contribution.domain.ageing import AGE_BANDS, age_band


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "over 90"),
        (400, "over 90"),
    ],
)
def test_each_band_holds_its_first_and_last_day(days: int, band: str) -> None:
    assert age_band(days) == band


def test_the_bands_in_the_order_a_report_prints_them() -> None:
    assert AGE_BANDS == ("0-30", "31-60", "61-90", "over 90")
