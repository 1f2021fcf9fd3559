"""Saying a message in the client's language, from the gettext catalogues under `shared/locale`.

English is the source language: a message's English is its template filled in, so English needs
no catalogue. Other languages read their `.po` file once (Babel's reader, so the source catalogue
is the one that is used: no compiled file can fall behind it). A template with no translation is
said in English rather than not at all; `tests/i18n` fails the build before that can ship.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from shared.kernel.i18n import Message

ENGLISH = "en"
MALAY = "ms"
LANGUAGES = (ENGLISH, MALAY)
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Template -> translation, for every translated, non-fuzzy entry of the language."""
    if language == ENGLISH:
        return {}
    with catalogue_path(language).open("rb") as po:
        entries = read_po(po, locale=language)
    return {
        str(m.id): str(m.string)
        for m in entries
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def translate(text: str, language: str) -> str:
    """`text` in `language`: a `Message` by its template, plain text by itself as the template."""
    if language == ENGLISH or not text:
        return str(text)
    template = text.template if isinstance(text, Message) else str(text)
    translated = catalogue(language).get(template)
    if translated is None:
        return str(text)
    if isinstance(text, Message) and text.params:
        values = {
            name: translate(value, language) if isinstance(value, Message) else value
            for name, value in text.params.items()
        }
        translated = translated.format(**values)
    if isinstance(text, Message) and text.capital:
        translated = translated[:1].upper() + translated[1:]
    return translated
