"""The gateway and the contribution service as real HTTP servers, the gateway signing the tokens."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from services.contribution.config import ContributionSettings
from services.contribution.main import create_app as create_contribution
from shared.clock import FixedClock
from tests.support.databases import DatabaseFactory
from tests.support.nats_server import free_port
from tests.support.servers import serve
from tests.support.services import DEFAULT_TIME, migrate

SECRETS = {
    "officer-1": ("officer", {}),
    "ops-dashboard": ("dashboard", {}),
    "acme-payroll": ("employer", {"employer_code": "E1000001"}),
    "other-payroll": ("employer", {"employer_code": "E2000002"}),
    "mobile-app": ("member", {}),
    "maybank": ("bank", {"bank_code": "MBB", "webhook_secret": "whsec-maybank"}),
    "cimb": ("bank", {"bank_code": "CIMB", "webhook_secret": "whsec-cimb"}),
}


def secret_of(client_id: str) -> str:
    return f"secret-{client_id}-0123456789abcdef"


def write_clients_file(path: Path) -> None:
    lines: list[str] = []
    for client_id, (role, extra) in SECRETS.items():
        lines += [
            "[[client]]",
            f'id = "{client_id}"',
            f'secret_sha256 = "{hashlib.sha256(secret_of(client_id).encode()).hexdigest()}"',
            f'role = "{role}"',
        ]
        lines += [f'{k} = "{v}"' for k, v in extra.items()]
        lines.append("")
    path.write_text("\n".join(lines))


@dataclass
class Stack:
    gateway_url: str
    contribution_url: str
    client: httpx.AsyncClient
    clock: FixedClock

    async def token(self, client_id: str, **form: str) -> str:
        response = await self.client.post(
            "/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret_of(client_id),
                **form,
            },
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def headers(self, client_id: str, **form: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token(client_id, **form)}"}


@pytest.fixture(scope="session")
async def stack(
    databases: DatabaseFactory, nats_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("gateway")
    clients = directory / "clients.toml"
    write_clients_file(clients)
    gateway_port, contribution_port = free_port(), free_port()
    database_url = await databases.create("contribution")
    await migrate("contribution", database_url)
    clock = FixedClock(DEFAULT_TIME)
    contribution = create_contribution(
        ContributionSettings(
            database_url=database_url,
            nats_url=nats_url,
            jwks_url=f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json",
            log_level="WARNING",
        ),
        clock=clock,
    )
    gateway = create_gateway(
        GatewaySettings(
            port=gateway_port,
            contribution_url=f"http://127.0.0.1:{contribution_port}",
            loan_url=f"http://127.0.0.1:{free_port()}",
            dialysis_url=f"http://127.0.0.1:{free_port()}",
            appeals_url=f"http://127.0.0.1:{free_port()}",
            nats_url=nats_url,
            clients_file=clients,
            jwt_private_key_file=directory / "jwt.pem",
            log_level="WARNING",
        )
    )
    async with (
        serve(gateway, gateway_port) as gateway_url,
        serve(contribution, contribution_port) as contribution_url,
    ):
        async with httpx.AsyncClient(base_url=gateway_url, timeout=20) as client:
            yield Stack(gateway_url, contribution_url, client, clock)
