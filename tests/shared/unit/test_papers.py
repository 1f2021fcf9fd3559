"""The shared paper layout: money, dates and text as papers print them, and a long table that
runs over pages with its heading row and the page numbers on each."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shared.kernel.clock import MALAYSIA_TIME
from shared.web.papers import (
    Column,
    Fields,
    Paper,
    Table,
    day,
    instant,
    pdf_response,
    printable,
    render,
    rm,
)
from tests.support.papers import read_paper

GENERATED = datetime(2025, 8, 31, 10, 0, tzinfo=MALAYSIA_TIME)


@pytest.mark.parametrize(
    ("amount", "printed"),
    [
        ("0", "RM0.00"),
        ("91.4", "RM91.40"),
        ("1234.50", "RM1,234.50"),
        ("1000000.00", "RM1,000,000.00"),
        ("-5.00", "-RM5.00"),
    ],
)
def test_money_is_ringgit_with_two_decimals_and_thousands(amount: str, printed: str) -> None:
    assert rm(Decimal(amount)) == printed


def test_dates_and_instants_are_in_malaysia_time() -> None:
    assert day(date(2025, 8, 5)) == "5 Aug 2025"
    # 23:30 UTC on the 17th is already the 18th in Malaysia.
    assert instant(datetime(2025, 8, 17, 23, 30, tzinfo=UTC)) == "18 Aug 2025, 07:30"


def test_text_outside_latin_1_is_folded_not_refused() -> None:
    assert printable("José Ñúñez") == "José Ñúñez"
    assert printable("Şükrü Çelik") == "Sükrü Çelik"
    assert printable("\u201cquoted\u201d \u2013 Ahmad\u2019s") == '"quoted" - Ahmad\'s'
    assert printable("陈") == "?"


def long_paper(rows: int) -> Paper:
    return Paper(
        title="Test paper",
        reference="No. T-1",
        filename="test/1.pdf",
        blocks=[
            Fields([("Name", "Şiti"), ("Amount", rm(Decimal("10.00")))], heading="About"),
            Table(
                "Rows",
                [Column("Row", 1), Column("Label", 3), Column("Amount", 1.5, "R")],
                [[str(n), f"line {n}", rm(Decimal(n))] for n in range(1, rows + 1)],
            ),
        ],
    )


def test_a_table_of_hundreds_of_rows_runs_over_pages_headed_and_numbered() -> None:
    paper = read_paper(render(long_paper(300), generated_at=GENERATED))
    pages = len(paper.pages)
    assert pages >= 5
    for number, text in enumerate(paper.pages, start=1):
        assert "PERTUBUHAN KESELAMATAN SOSIAL (PERKESO)" in text
        assert "Row Label Amount" in text, f"page {number} lacks the heading row"
        assert f"Page {number} of {pages}" in text
        assert "Generated 31 Aug 2025, 10:00 (Malaysia time)" in text
    assert all(f"line {n} RM{n:,}.00" in paper.text for n in range(1, 301))


def test_the_same_paper_at_the_same_time_is_the_same_bytes() -> None:
    assert render(long_paper(3), generated_at=GENERATED) == render(
        long_paper(3), generated_at=GENERATED
    )


def test_an_empty_table_says_so() -> None:
    paper = Paper("T", "R", "t.pdf", [Table("Rows", [Column("A", 1)], [], empty="Nothing yet.")])
    assert "Nothing yet." in read_paper(render(paper, generated_at=GENERATED)).text


def test_the_answer_is_a_pdf_with_a_safe_file_name() -> None:
    response = pdf_response(long_paper(1), generated_at=GENERATED)
    assert response.media_type == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="test-1.pdf"'
    assert bytes(response.body).startswith(b"%PDF-")
