"""Every service answers its consumers' operations under its own prefix, on its own migrations."""

from __future__ import annotations

import pytest

from tests.support import auth
from tests.support.databases import DatabaseFactory
from tests.support.services import running_service

SERVICES = [
    ("contribution", "/v1/contributions", None),
    ("loan", "/v1/loans", None),
    ("dialysis", "/v1/dialysis", "dialysis-insured-status"),
    ("appeals", "/v1/appeals", "appeals-decisions-contribution"),
]


@pytest.mark.parametrize(("name", "prefix", "consumer"), SERVICES)
async def test_a_service_lists_its_consumers_dead_letters_for_operators_alone(
    databases: DatabaseFactory, nats_url: str, name: str, prefix: str, consumer: str | None
) -> None:
    async with running_service(name, databases=databases, nats_url=nats_url) as service:
        client = service.client
        unknown = await client.get(
            f"{prefix}/consumers/nobody/dead-letters", headers=auth.operator()
        )
        assert unknown.status_code == 404
        officer = await client.get(
            f"{prefix}/consumers/nobody/dead-letters", headers=auth.officer()
        )
        assert officer.status_code == 403
        if consumer is not None:
            listed = await client.get(
                f"{prefix}/consumers/{consumer}/dead-letters", headers=auth.operator()
            )
            assert listed.status_code == 200, listed.text
            assert listed.json() == {"items": [], "next_cursor": None}
        paths = service.app.openapi()["paths"]
        assert f"{prefix}/consumers/{{name}}/replay" in paths
        assert f"{prefix}/consumers/{{name}}/dead-letters/{{event_id}}/retry" in paths
