"""The unit of work: one transaction per use case; its events reach the outbox in that same transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.kernel.clock import Clock
from shared.kernel.events import DomainEvent, Envelope
from shared.kernel.person import DEVELOPMENT_SECRET, PersonKeys
from shared.persistence.infra_tables import InfraTables


class HeldForApproval(Exception):
    """Raised by `commit()` on a unit held for a second officer: every rule of the command has
    passed, and nothing it did is kept (the block rolls back)."""


# Work that must be the first thing of every transaction this unit opens (a four-eyes approval
# claims its request here, so two approvers serialise on it before the action runs).
TransactionStart = Callable[["UnitOfWork"], Awaitable[None]]


class UnitOfWork:
    """`async with uow: ...; await uow.commit()`; leaving the block without commit rolls back.

    A service's own unit of work derives from this one and binds its repositories to the session
    in `bind` (`uow.appeals`, `uow.boards`, ...), so use cases reach every query through it and a
    fake unit of work can stand in for it in tests.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        tables: InfraTables,
        source: str,
        actor: str,
        correlation_id: str,
        clock: Clock,
        on_commit: Callable[[], None] | None = None,
        on_enter: Callable[[], None] | None = None,
        read_only: bool = False,
        person_keys: PersonKeys | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._tables = tables
        self.source = source
        self.actor = actor
        self.correlation_id = correlation_id
        self.clock = clock
        self._on_commit = on_commit
        self._on_enter = on_enter
        self.read_only = read_only
        self._person_keys = person_keys or PersonKeys(DEVELOPMENT_SECRET)
        self._events: list[Envelope] = []
        self._session: AsyncSession | None = None
        self._held = False
        self._on_transaction_start: TransactionStart | None = None
        # Set while a second officer's approval carries out another's request: the action's own
        # events name the asker in `data.requested_by` (their `actor` is the approver).
        self.requested_by: str | None = None
        # Set by `join`: the transaction this unit of work runs in belongs to someone else.
        self._joined: AsyncSession | None = None

    def hold_for_approval(self, held: bool = True) -> None:
        """Run a command to its commit, every rule checked, and keep none of it (HeldForApproval)."""
        self._held = held

    def join(self, session: AsyncSession) -> Self:
        """Run inside a transaction another holds: a durable consumer's, whose inbox row must
        commit with the consequence it handled (exactly once) or not at all. `async with` binds to
        that session, `commit` writes the events there, and the holder commits or rolls back."""
        self._joined = session
        return self

    def start_each_transaction_with(self, work: TransactionStart | None) -> None:
        self._on_transaction_start = work

    @property
    def tables(self) -> InfraTables:
        return self._tables

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._session

    async def __aenter__(self) -> Self:
        if self._on_enter is not None:
            # May raise: the request's idempotent replay is answered here, once the route's
            # own checks have passed and before its use case reads or changes anything.
            self._on_enter()
        self._session = self._joined or self._sessionmaker()
        self._events = []
        self.bind(self._session)
        if self._on_transaction_start is not None:
            try:
                await self._on_transaction_start(self)
            except BaseException:
                await self.__aexit__(None, None, None)
                raise
        return self

    def bind(self, session: AsyncSession) -> None:
        """Attach the service's repositories to the session just opened (none here)."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        if self._joined is not None:
            self._session = None  # its holder ends the transaction
            return
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None

    async def own_event(self, event_id: str) -> Envelope | None:
        """An event this service published, from its outbox (which keeps every event: history)."""
        outbox = self._tables.outbox
        payload = await self.session.scalar(
            select(outbox.c.payload).where(outbox.c.event_id == event_id)
        )
        return Envelope.from_json(payload) if payload is not None else None

    def now(self) -> datetime:
        return self.clock.now()

    def person_key(self, ic: str) -> str:
        """How events and other services name this person (shared.kernel.person)."""
        return self._person_keys.of(ic)

    def record(
        self,
        event: DomainEvent,
        *,
        actor: str | None = None,
        correlation_id: str | None = None,
    ) -> Envelope:
        """Record a domain event; it is written to the outbox when the unit of work commits.

        A group commit writes several requests in one unit of work: each event names its own
        request's caller and request id.
        """
        data = event.data()
        if self.requested_by is not None:
            data["requested_by"] = self.requested_by
        envelope = Envelope(
            type=event.type,
            source=self.source,
            subject=event.subject,
            occurred_at=self.clock.now(),
            actor=actor or self.actor,
            correlation_id=correlation_id or self.correlation_id,
            data=data,
            also_about=event.also_about,
        )
        self._events.append(envelope)
        return envelope

    async def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read unit never commits: a use case that writes opens its own")
        if self._held:
            raise HeldForApproval
        session = self.session
        await write_events(session, self._tables, self._events)
        if self._joined is not None:
            await session.flush()
            self._events = []
            return
        await session.commit()
        had_events = bool(self._events)
        self._events = []
        if had_events and self._on_commit is not None:
            self._on_commit()


async def write_events(
    session: AsyncSession, tables: InfraTables, envelopes: Sequence[Envelope]
) -> None:
    """Add events to the outbox inside the caller's transaction (a unit of work, or a consumer's)."""
    if not envelopes:
        return
    await session.execute(
        insert(tables.outbox),
        [
            {
                "event_id": e.id,
                "event_type": e.type,
                "payload": e.to_json(),
                "created_at": e.occurred_at,
                "attempts": 0,
            }
            for e in envelopes
        ],
    )
    # Each record's history (`GET <record>/history`): the event's subject and the others it is about.
    await session.execute(
        insert(tables.record_events),
        [
            {"record_key": key, "event_id": e.id}
            for e in envelopes
            for key in dict.fromkeys((e.subject, *e.also_about))
            if key
        ],
    )
