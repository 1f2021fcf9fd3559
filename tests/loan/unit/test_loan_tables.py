"""The reference's two amount schedules as loaded from services/loan/data, row by row.

Both schedules are transcribed here from reference/perkeso-benefits-and-contributions.txt, not
from the CSV files: "Education loan payback period is based on the amount disbursed, based on the
following schedule" and "Minimum age to be a guarantor is subject to the loan amount as set out by
the schedule below". The source's amounts are whole ringgit ("2,501 - 5,000"), so a band starts a
sen above the previous band's end; the last band is "More than 100,000" / "100,000 Ke atas".
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from services.loan.domain import tables
from services.loan.domain.tables import (
    AmountBand,
    OutsideTheTables,
    band_for,
    guarantor_age_bands,
    tenure_bands,
)

# (source's amount range, source's tenure), as printed.
SOURCE_TENURE = [
    ("1,000 - 2,500", "2 years"),
    ("2,501 - 5,000", "3 years"),
    ("5,001 - 7,500", "4 years"),
    ("7,501 - 10,000", "5 years 3 months"),
    ("10,001 - 12,500", "5 years 5 months"),
    ("12,501 - 15,000", "6 years 6 months"),
    ("15,001 - 17,500", "7 years"),
    ("17,501 - 20,000", "8 years"),
    ("20,001 - 22,500", "8 years 5 months"),
    ("22,501 - 25,000", "9 years 4 months"),
    ("25,001 - 27,500", "10 years"),
    ("27,501 - 50,000", "15 years"),
    ("50,001 - 100,000", "20 years"),
    ("More than 100,000", "25 years"),
]

# (source's amount range, "Minimum age (not exceeding)"), as printed.
SOURCE_GUARANTOR_AGE = [
    ("1,000 - 2,500", "54 years old"),
    ("2,501 - 5,000", "53 years old"),
    ("5,001 - 7,500", "52 years old"),
    ("7,501 - 10,000", "50 years old"),
    ("10,001 - 12,500", "50 years old"),
    ("12,501 - 15,000", "49 years old"),
    ("15,001 - 17,500", "49 years old"),
    ("17,501 - 20,000", "48 years old"),
    ("20,001 - 22,500", "47 years old"),
    ("22,501 - 25,000", "46 years old"),
    ("25,001 - 27,500", "46 years old"),
    ("27,501 - 50,000", "41 years old"),
    ("50,001 - 100,000", "36 years old"),
    ("100,000 Ke atas", "31 years old"),
]


def amounts(source: str) -> tuple[Decimal, Decimal | None]:
    """ "2,501 - 5,000" -> 2,500.01 .. 5,000.00 (the first band starts at 1,000.00); the open band
    starts a sen above 100,000."""
    if "-" not in source:
        return Decimal("100000.01"), None
    low, high = (Decimal(part.strip().replace(",", "")) for part in source.split("-"))
    start = low if low == 1000 else low - 1 + Decimal("0.01")
    return start.quantize(Decimal("0.01")), high.quantize(Decimal("0.01"))


def years_and_months(source: str) -> tuple[int, int]:
    words = source.split()
    return int(words[0]), int(words[2]) if len(words) > 2 else 0


@pytest.fixture(autouse=True)
def freshly_loaded() -> Iterator[None]:
    """The tables are memoised: read the files again here, so a change to the reading is seen."""
    tables.tenure_bands.cache_clear()
    tables.guarantor_age_bands.cache_clear()
    yield
    tables.tenure_bands.cache_clear()
    tables.guarantor_age_bands.cache_clear()


def test_the_tenure_table_is_the_sources_fourteen_rows() -> None:
    """Rows start on line 2 of tenure.csv, under its header."""
    expected = tuple(
        AmountBand(*amounts(span), *years_and_months(tenure), line=n)
        for n, (span, tenure) in enumerate(SOURCE_TENURE, start=2)
    )
    assert tenure_bands() == expected
    assert expected[3] == AmountBand(Decimal("7500.01"), Decimal("10000.00"), 5, 3, line=5)


def test_the_guarantor_age_table_is_the_sources_fourteen_rows() -> None:
    """guarantor_age.csv opens with four lines of comment and its header: rows start on line 6.
    The source's fourteen ages: 54, 53, 52, 50, 50, 49, 49, 48, 47, 46, 46, 41, 36, 31."""
    expected = tuple(
        AmountBand(*amounts(span), int(age.split()[0]), 0, line=n)
        for n, (span, age) in enumerate(SOURCE_GUARANTOR_AGE, start=6)
    )
    assert guarantor_age_bands() == expected
    assert [band.value for band in guarantor_age_bands()] == [
        54,
        53,
        52,
        50,
        50,
        49,
        49,
        48,
        47,
        46,
        46,
        41,
        36,
        31,
    ]
    assert expected[-1] == AmountBand(Decimal("100000.01"), None, 31, 0, line=19)


def test_a_band_covers_both_its_ends_and_nothing_beyond() -> None:
    band = AmountBand(Decimal("2500.01"), Decimal("5000.00"), 3, 0, line=3)
    assert band.covers(Decimal("2500.01"))
    assert band.covers(Decimal("5000.00"))
    assert not band.covers(Decimal("2500.00"))
    assert not band.covers(Decimal("5000.01"))
    open_ended = AmountBand(Decimal("100000.01"), None, 25, 0, line=15)
    assert open_ended.covers(Decimal("100000.01"))
    assert open_ended.covers(Decimal("10000000.00"))
    assert not open_ended.covers(Decimal("100000.00"))


def test_below_the_schedules_minimum_no_band_covers_the_amount() -> None:
    """The schedules start at "1,000"."""
    with pytest.raises(OutsideTheTables) as raised:
        band_for(tenure_bands(), Decimal("999.99"))
    assert str(raised.value) == "no band covers RM999.99"
    assert band_for(tenure_bands(), Decimal("1000.00")).value == 2


def test_a_row_that_spans_two_lines_is_refused_not_misnumbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row keeps the line it is on, so a correction can be pointed at it: a quoted value
    running onto a second line would leave the rows and the lines out of step, and is an error."""
    (tmp_path / "tenure.csv").write_text(
        "amount_from,amount_to,tenure_years,tenure_extra_months\n"
        '1000.00,"2500.00\n",2,0\n'
        "2500.01,5000.00,3,0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(tables, "DATA", tmp_path)
    with pytest.raises(ValueError, match="zip"):
        tenure_bands()
