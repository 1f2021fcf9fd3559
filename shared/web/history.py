"""`GET <record>/history` (CONTRACT.md "History of a record"): the events each service already
writes, oldest first, paginated; each `{"at", "event_type", "actor", "correlation_id", "summary"}`.

The route checks that the caller may see the record (through the record's own read) before it
asks for the history, so whoever may see the record sees its history, and nobody else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from shared.kernel.dates import InstantOut
from shared.kernel.events import Envelope
from shared.persistence.history import events_of
from shared.persistence.uow import UnitOfWork
from shared.web.pagination import Page, decode_cursor, not_our_cursor, page_after

# Fields a summary leaves out: ids the URL already gives, and what names a person (only
# `ic_masked` would be shown, and a summary has no need of it).
_UNSAID = {"person_key", "ic_masked", "appellant_key", "appellant_ic_masked", "insured"}


class HistoryItem(BaseModel):
    at: InstantOut
    event_type: str
    actor: str
    correlation_id: str
    summary: str


def summarise(envelope: Envelope) -> str:
    """One line: what happened, by whom, and the facts the event carries (amounts, states)."""
    facts = [
        f"{name} {_text(value)}"
        for name, value in envelope.data.items()
        if name not in _UNSAID and not name.endswith("_id") and _is_plain(value)
    ]
    what = envelope.type.split(".", 1)[-1].replace(".", " ").replace("_", " ")
    return f"{what} by {envelope.actor}" + (f": {', '.join(facts)}" if facts else "")


def _is_plain(value: Any) -> bool:
    return value is not None and not isinstance(value, (list, dict, Mapping))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


async def history_page(
    reads: UnitOfWork, *record_keys: str, cursor: str | None, limit: int
) -> Page[HistoryItem]:
    key = decode_cursor(cursor, parts=1)
    if key and not key[0].isdigit():
        raise not_our_cursor()
    after = int(key[0]) if key else None
    found = await events_of(
        reads.session, reads.tables, record_keys, after_position=after, limit=limit
    )
    items = [
        HistoryItem(
            at=e.occurred_at,
            event_type=e.type,
            actor=e.actor,
            correlation_id=e.correlation_id,
            summary=summarise(e),
        )
        for _, e in found
    ]
    return page_after(items, found, limit, lambda row: (str(row[0]),))
