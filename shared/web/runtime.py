"""What a running service holds: engine, sessions, NATS, relay, token verifier and clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.kernel.clock import Clock
from shared.kernel.events import Envelope
from shared.kernel.person import PersonKeys
from shared.messaging.bus import EventBus
from shared.messaging.consumer import DurableConsumer
from shared.messaging.relay import OutboxRelay
from shared.persistence.infra_tables import InfraTables
from shared.persistence.uow import UnitOfWork
from shared.process.settings import ServiceSettings
from shared.web.auth import TokenVerifier

Component = TypeVar("Component")


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    source: str
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    read_sessionmaker: async_sessionmaker[AsyncSession]
    tables: InfraTables
    bus: EventBus
    relay: OutboxRelay
    verifier: TokenVerifier
    clock: Clock
    # The service's own unit of work, with its repositories bound (shared.persistence.uow).
    unit_of_work_class: type[UnitOfWork] = UnitOfWork
    consumers: list[DurableConsumer] = field(default_factory=list)

    @property
    def person_keys(self) -> PersonKeys:
        return PersonKeys(self.settings.person_key_secret)

    _components: dict[type, object] = field(default_factory=dict)

    def component(self, kind: type[Component], build: Callable[[], Component]) -> Component:
        """The one `kind` this runtime holds (built on first use): state that lives as long as it."""
        if kind not in self._components:
            self._components[kind] = build()
        return cast(Component, self._components[kind])

    def unit_of_work(
        self, *, actor: str, correlation_id: str, on_enter: Callable[[], None] | None = None
    ) -> UnitOfWork:
        return self.unit_of_work_class(
            self.sessionmaker,
            tables=self.tables,
            source=self.source,
            actor=actor,
            correlation_id=correlation_id,
            clock=self.clock,
            on_commit=self.relay.wake,
            on_enter=on_enter,
            person_keys=self.person_keys,
        )

    def consumer_unit(self, session: AsyncSession, envelope: Envelope) -> UnitOfWork:
        """A unit of work inside a durable consumer's transaction: what it does in answer to
        `envelope` carries that event's actor and correlation id, so each consequence can be
        traced to its cause."""
        return self.unit_of_work(actor=envelope.actor, correlation_id=envelope.correlation_id).join(
            session
        )

    def read_unit(self, *, actor: str, correlation_id: str) -> UnitOfWork:
        """A unit of work on the read engine, for queries: it never commits."""
        return self.unit_of_work_class(
            self.read_sessionmaker,
            tables=self.tables,
            source=self.source,
            actor=actor,
            correlation_id=correlation_id,
            clock=self.clock,
            read_only=True,
            person_keys=self.person_keys,
        )
