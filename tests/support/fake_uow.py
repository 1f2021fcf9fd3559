"""A unit of work with no database: repositories over dicts, events kept in a list.

For use-case tests of branches HTTP tests do not reach. It keeps the real one's contract: what a
use case records is "published" only if it commits; leaving the block without commit drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from shared.kernel.clock import FixedClock
from shared.kernel.events import DomainEvent
from tests.support.people import person_key


class FakeUnitOfWork:
    def __init__(self, *, now: datetime, actor: str = "officer-1", **repositories: Any) -> None:
        self.clock = FixedClock(now)
        self.actor = actor
        self.correlation_id = "test"
        self.committed: list[DomainEvent] = []
        self.commits = 0
        self._pending: list[DomainEvent] = []
        for name, repository in repositories.items():
            setattr(self, name, repository)

    async def __aenter__(self) -> FakeUnitOfWork:
        self._pending = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pending = []

    def now(self) -> datetime:
        return self.clock.now()

    def person_key(self, ic: str) -> str:
        return person_key(ic)

    def record(self, event: DomainEvent, **_: object) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self.committed.extend(self._pending)
        self._pending = []
        self.commits += 1


class InMemory:
    """A repository of records keyed by an attribute, answering `get` and `add` like the real ones."""

    def __init__(self, key: str = "id", **queries: Callable[..., Any]) -> None:
        self.key = key
        self.rows: dict[str, Any] = {}
        for name, query in queries.items():
            setattr(self, name, query)

    async def get(self, key: str, *, for_update: bool = False) -> Any:
        return self.rows.get(key)

    def add(self, row: Any) -> None:
        self.rows[getattr(row, self.key)] = row
