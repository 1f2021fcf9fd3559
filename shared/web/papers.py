"""Printable papers as PDF, in one layout every service shares (fpdf2, pure Python).

A service lays its paper out as blocks (key/value fields, tables, paragraphs) from what a use case
returned; this module draws them: the organisation's name on every page, the title and reference,
tables that break across pages with their heading row repeated, and a footer with the page number
and when the paper was generated, in Malaysia time. It knows nothing of what a paper means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, TableHeadingsDisplay
from starlette.responses import Response

from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.money import format_money

ORGANISATION = "PERTUBUHAN KESELAMATAN SOSIAL (PERKESO)"
ORGANISATION_EN = "Social Security Organisation, Malaysia"
PDF_MEDIA_TYPE = "application/pdf"

# For a route's OpenAPI document: it answers a PDF, not JSON.
PDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The paper as a PDF, ready to print (A4)",
        "content": {PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}

Align = Literal["L", "R", "C"]
_INK = (20, 40, 90)
_RULE = (150, 160, 180)
_SHADE = (228, 233, 243)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # relative to the other columns
    align: Align = "L"


@dataclass(frozen=True)
class Fields:
    """A key/value block: "Amount received  RM91.40"."""

    items: Sequence[tuple[str, str]]
    heading: str | None = None
    columns: int = 1  # side by side, filled down then across; values then stay on one line


@dataclass(frozen=True)
class Table:
    heading: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    empty: str = "None."


@dataclass(frozen=True)
class Paragraph:
    text: str


Block = Fields | Table | Paragraph


@dataclass(frozen=True)
class Paper:
    title: str
    reference: str  # under the title and in every page's footer
    filename: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    landscape: bool = False


def rm(amount: Decimal) -> str:
    """Money as a paper shows it: RM1,234.50."""
    whole, sen = format_money(amount).split(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}RM{int(whole.lstrip('-')):,}.{sen}"


def day(value: date) -> str:
    """A date as a paper shows it: 15 Aug 2025."""
    return f"{value.day} {value:%b %Y}"


def instant(value: datetime) -> str:
    """An instant in Malaysia time: 18 Aug 2025, 10:00."""
    local = value.astimezone(MALAYSIA_TIME)
    return f"{day(local.date())}, {local:%H:%M}"


def printable(text: str) -> str:
    """The text in the built-in fonts' Latin-1: accents kept where Latin-1 has them, others
    dropped to their base letter, anything else as "?". The built-in fonts need no font file
    shipped or installed; names on the organisation's records are in Latin script."""
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or _TYPOGRAPHY.get(char, "?"))
    return "".join(out)


_TYPOGRAPHY = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"'}
_TYPOGRAPHY |= {"\u201d": '"', "\u2026": "...", "\u2022": "*"}


class _Document(FPDF):
    def __init__(self, paper: Paper, generated_at: datetime) -> None:
        super().__init__(orientation="L" if paper.landscape else "P", unit="mm", format="A4")
        self.paper = paper
        self.generated = instant(generated_at)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.set_title(printable(f"{paper.title} {paper.reference}"))
        self.set_author(ORGANISATION)
        self.set_creator("PERKESO platform")
        # Generated-at fixes the document's dates too, so the same paper is the same bytes.
        self.set_creation_date(generated_at)

    def header(self) -> None:
        self.set_text_color(*_INK)
        self.set_font("Helvetica", "B", 12)
        self.cell(0, 6, ORGANISATION, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)
        self.cell(0, 5, ORGANISATION_EN, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*_INK)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_draw_color(*_RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(self.epw - 30, 5, printable(f"{self.paper.title} {self.paper.reference}"))
        self.cell(
            30, 5, f"Page {self.page_no()} of {{nb}}", align="R", new_x="LMARGIN", new_y="NEXT"
        )
        self.cell(0, 4, f"Generated {self.generated} (Malaysia time)")


def render(paper: Paper, *, generated_at: datetime) -> bytes:
    """The paper as PDF bytes."""
    pdf = _Document(paper, generated_at)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_text_color(*_INK)
    pdf.cell(0, 9, printable(paper.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(0, 6, printable(paper.reference), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for block in paper.blocks:
        if isinstance(block, Fields):
            _fields(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        else:
            _paragraph(pdf, block)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    # A heading never ends a page alone: with no room for a two-line heading row and a row or
    # two under it, it starts the next.
    if pdf.get_y() > pdf.h - pdf.b_margin - 34:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(*_INK)
    pdf.cell(0, 7, printable(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _fields(pdf: FPDF, block: Fields) -> None:
    if block.heading:
        _heading(pdf, block.heading)
    if block.columns > 1:
        _fields_across(pdf, block)
        return
    for label, value in block.items:
        _label(pdf, label, 62)
        pdf.multi_cell(0, 6, printable(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _fields_across(pdf: FPDF, block: Fields) -> None:
    per_column = -(-len(block.items) // block.columns)
    width = pdf.epw / block.columns
    label_width = min(62.0, width * 0.6)
    for row in range(per_column):
        for column in range(block.columns):
            index = column * per_column + row
            if index < len(block.items):
                label, value = block.items[index]
                _label(pdf, label, label_width)
                pdf.cell(width - label_width, 6, printable(value))
        pdf.ln(6)
    pdf.ln(3)


def _label(pdf: FPDF, label: str, width: float) -> None:
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(70, 70, 70)
    pdf.cell(width, 6, printable(label))
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(0, 0, 0)


def _table(pdf: FPDF, block: Table) -> None:
    _heading(pdf, block.heading)
    if not block.rows:
        pdf.set_font("Helvetica", "I", 10)
        pdf.cell(0, 6, printable(block.empty), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        return
    pdf.set_font("Helvetica", "", 9)
    pdf.set_draw_color(*_RULE)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=tuple(c.width for c in block.columns),
        text_align=tuple(c.align for c in block.columns),
        headings_style=FontFace(emphasis="BOLD", color=_INK, fill_color=_SHADE),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        line_height=5.5,
        padding=(0.6, 1.2),
        width=pdf.epw,
    ) as table:
        heading = table.row()
        for column in block.columns:
            heading.cell(printable(column.heading))
        for values in block.rows:
            row = table.row()
            for value in values:
                row.cell(printable(value))
    pdf.ln(4)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5.5, printable(block.text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def pdf_response(paper: Paper, *, generated_at: datetime) -> Response:
    """The paper answered as `application/pdf`, shown in the browser and saved under its name."""
    # The name carries record ids (a case number has slashes): only characters safe in a header.
    filename = _UNSAFE_IN_FILENAME.sub("-", paper.filename)
    return Response(
        render(paper, generated_at=generated_at),
        media_type=PDF_MEDIA_TYPE,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]")
