"""What a running service holds: engine, sessions, NATS, relay, token verifier and clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.auth import TokenVerifier
from shared.bus import EventBus
from shared.clock import Clock
from shared.consumer import DurableConsumer
from shared.infra_tables import InfraTables
from shared.relay import OutboxRelay
from shared.settings import ServiceSettings
from shared.uow import UnitOfWork


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
    consumers: list[DurableConsumer] = field(default_factory=list)

    def unit_of_work(self, *, actor: str, correlation_id: str) -> UnitOfWork:
        return UnitOfWork(
            self.sessionmaker,
            tables=self.tables,
            source=self.source,
            actor=actor,
            correlation_id=correlation_id,
            clock=self.clock,
            on_commit=self.relay.wake,
        )
