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


def test_each_bands_days_are_exactly_the_ages_age_band_puts_in_it() -> None:
    from services.contribution.domain.ageing import AGE_BANDS, BAND_DAYS, age_band

    assert tuple(BAND_DAYS) == AGE_BANDS
    for days in range(0, 400):
        [band] = [
            b
            for b, (first, last) in BAND_DAYS.items()
            if first <= days and (last is None or days <= last)
        ]
        assert band == age_band(days), days
