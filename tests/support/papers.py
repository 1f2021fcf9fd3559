"""Reading a printed paper back: its pages rendered to PNG and its text extracted (pypdfium2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
import pypdfium2 as pdfium
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DPI = 100
# A4 at 100 dpi, either way up.
A4_PORTRAIT = (827, 1169)


@dataclass
class PrintedPaper:
    pdf: bytes
    pages: list[str]  # each page's text
    first_page: Image.Image

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def dark_share(self) -> float:
        """The share of page 1's pixels that are ink, not paper."""
        grey = self.first_page.convert("L")
        dark = sum(grey.histogram()[:160])
        return dark / (grey.width * grey.height)


def read_paper(pdf: bytes) -> PrintedPaper:
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            pages.append(page.get_textpage().get_text_range())
        image = document[0].render(scale=DPI / 72).to_pil()
    finally:
        document.close()
    return PrintedPaper(pdf, pages, image)


def printed(response: httpx.Response, *, keep_as: str | None = None) -> PrintedPaper:
    """A 200 PDF answer, read back and checked to be a real page: A4, with ink on it. Its first
    page is kept under tests/artifacts as `keep_as` (what the README's pictures are made from)."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline; filename=")
    assert response.content.startswith(b"%PDF-")
    paper = read_paper(response.content)
    short, long = sorted(paper.first_page.size)
    assert abs(short - A4_PORTRAIT[0]) <= 2, (short, long)
    assert abs(long - A4_PORTRAIT[1]) <= 2, (short, long)
    # A blank page is 0; a header and a few lines of text are well above one in a hundred.
    assert paper.dark_share() > 0.01, paper.dark_share()
    if keep_as:
        ARTIFACTS.mkdir(exist_ok=True)
        paper.first_page.convert("L").save(ARTIFACTS / keep_as, optimize=True)
    return paper
