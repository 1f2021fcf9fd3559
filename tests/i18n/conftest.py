"""Every service in-process, to read their problems in both languages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.databases import DatabaseFactory
from tests.support.services import RunningService, running_service


@pytest.fixture(scope="session")
async def contribution(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("contribution", databases=databases, nats_url=nats_url) as svc:
        yield svc


@pytest.fixture(scope="session")
async def loan(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("loan", databases=databases, nats_url=nats_url) as svc:
        yield svc


@pytest.fixture(scope="session")
async def dialysis(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("dialysis", databases=databases, nats_url=nats_url) as svc:
        yield svc


@pytest.fixture(scope="session")
async def appeals(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("appeals", databases=databases, nats_url=nats_url) as svc:
        yield svc
