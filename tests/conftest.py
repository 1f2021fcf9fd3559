"""Fixtures every tier shares: a real NATS server and fresh databases on each backend."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.databases import BACKENDS, DatabaseFactory
from tests.support.nats_server import NatsServer


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer | None]:
    """A nats-server of our own, or None when TEST_NATS_URL names one to use."""
    if os.environ.get("TEST_NATS_URL"):
        yield None
        return
    server = NatsServer(tmp_path_factory.mktemp("nats"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nats_url(nats_server: NatsServer | None) -> str:
    return os.environ.get("TEST_NATS_URL") or (nats_server.url if nats_server else "")


@pytest.fixture(scope="session", params=BACKENDS)
async def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DatabaseFactory]:
    """Each test run gets its own databases, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL."""
    factory = DatabaseFactory(request.param, tmp_path_factory.mktemp(f"db-{request.param}"))
    yield factory
    await factory.drop_all()
