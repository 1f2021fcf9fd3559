"""The dashboard's language switch: every label of the page, and of its script, has its Malay."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[3] / "gateway" / "dashboard"


def malay_labels() -> dict[str, str]:
    script = (DASHBOARD / "i18n.js").read_text()
    found = re.search(r"/\* labels \*/ (\{.*?\}) /\* end labels \*/", script, re.DOTALL)
    assert found is not None
    labels: dict[str, str] = json.loads(found.group(1))
    return labels


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style", "title", "option")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "title", "option")

    def handle_data(self, data: str) -> None:
        text = data.strip()
        # Figures and currency are filled in by the script, not labels.
        if text and not self._skip and re.search(r"[a-z]{2}", text):
            self.texts.append(text)


def test_every_label_of_the_page_has_its_malay() -> None:
    page = _Texts()
    page.feed((DASHBOARD / "index.html").read_text())
    labels = malay_labels()
    assert page.texts
    assert [text for text in page.texts if text not in labels] == []
    assert all(labels.values())


def test_every_label_the_script_says_has_its_malay() -> None:
    said = re.findall(r'\bt\("([^"]+)"\)', (DASHBOARD / "app.js").read_text())
    assert said
    assert set(said) <= set(malay_labels())


def test_the_page_offers_english_and_bahasa_melayu() -> None:
    page = (DASHBOARD / "index.html").read_text()
    assert '<option value="en">English</option>' in page
    assert '<option value="ms">Bahasa Melayu</option>' in page
    assert page.index("i18n.js") < page.index("app.js")
