"""The key events name a person by, as the services under test compute it (development secret)."""

from __future__ import annotations

from shared.kernel.person import DEVELOPMENT_SECRET, PersonKeys

KEYS = PersonKeys(DEVELOPMENT_SECRET)


def person_key(ic: str) -> str:
    return KEYS.of(ic)
