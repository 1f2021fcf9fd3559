"""The loan service running in-process on each database backend."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.databases import DatabaseFactory
from tests.support.services import RunningService, running_service


@pytest.fixture(scope="session")
async def loan(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("loan", databases=databases, nats_url=nats_url) as svc:
        yield svc
