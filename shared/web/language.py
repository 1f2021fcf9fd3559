"""The language a client asked for: `Accept-Language` (RFC 9110, q-values honoured) -> en or ms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shared.process.i18n import ENGLISH, LANGUAGES


def negotiate(header: str | None) -> str:
    """The supported language the client prefers most: `ms`, `ms-MY` -> ms; anything else -> en."""
    if not header:
        return ENGLISH
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary:
            # A higher q first; among equals, the client's own order.
            ranked.append((-quality, position, primary))
    for _, _, primary in sorted(ranked):
        if primary in LANGUAGES:
            return primary
        if primary == "*":
            return ENGLISH
    return ENGLISH


def language_of(source: Mapping[str, Any] | Iterable[tuple[bytes, bytes]]) -> str:
    """The negotiated language of an ASGI scope, or of its raw header pairs."""
    headers = source.get("headers", ()) if isinstance(source, Mapping) else source
    for name, value in headers:
        if name.lower() == b"accept-language":
            return negotiate(value.decode("latin-1"))
    return ENGLISH
