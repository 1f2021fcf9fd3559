"""The gateway and the contribution service as real HTTP servers, the gateway signing the tokens."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from shared.kernel.clock import FixedClock
from tests.support import identity_provider
from tests.support.databases import DatabaseFactory
from tests.support.identity_provider import IdentityProvider
from tests.support.nats_server import free_port
from tests.support.servers import serve
from tests.support.services import DEFAULT_TIME, migrate

SECRETS = {
    "officer-1": ("officer", {}),
    "officer-2": ("officer", {"branch": "KL"}),
    "officer-3": ("officer", {"branch": "PNG"}),
    "ops-dashboard": ("dashboard", {}),
    "acme-payroll": ("employer", {"employer_code": "E1000001"}),
    "other-payroll": ("employer", {"employer_code": "E2000002"}),
    "mobile-app": ("member", {}),
    "maybank": ("bank", {"bank_code": "MBB", "webhook_secret": "whsec-maybank"}),
    "cimb": ("bank", {"bank_code": "CIMB", "webhook_secret": "whsec-cimb"}),
    "centre-42": ("dialysis_centre", {"centre_id": "C042"}),
    "centre-43": ("dialysis_centre", {"centre_id": "C043"}),
    "appeals-secretariat": ("board_secretariat", {}),
}
SERVICES = ("contribution", "loan", "dialysis", "appeals")
IDENTITY_PROVIDER = IdentityProvider()


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
    service_urls: dict[str, str]
    client: httpx.AsyncClient
    clock: FixedClock
    directory: Path

    @property
    def contribution_url(self) -> str:
        return self.service_urls["contribution"]

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


def gateway_settings(
    directory: Path, port: int, urls: dict[str, str], nats_url: str, **overrides: object
) -> GatewaySettings:
    values: dict[str, object] = {
        "port": port,
        "contribution_url": urls["contribution"],
        "loan_url": urls["loan"],
        "dialysis_url": urls["dialysis"],
        "appeals_url": urls["appeals"],
        "nats_url": nats_url,
        "clients_file": directory / "clients.toml",
        "jwt_private_key_file": directory / "jwt.pem",
        "log_level": "WARNING",
        "rate_limits": {
            "anonymous": "1000:2000",
            "member": "1000:2000",
            "officer": "1000:2000",
            "dashboard": "1000:2000",
        },
    }
    values.update(overrides)
    return GatewaySettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def stack(
    databases: DatabaseFactory, nats_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("gateway")
    write_clients_file(directory / "clients.toml")
    gateway_port = free_port()
    ports = {name: free_port() for name in SERVICES}
    clock = FixedClock(DEFAULT_TIME)
    apps = {}
    for name in SERVICES:
        database_url = await databases.create(name)
        await migrate(name, database_url)
        config = importlib.import_module(f"services.{name}.config")
        main = importlib.import_module(f"services.{name}.main")
        settings = config.Settings(
            database_url=database_url,
            nats_url=nats_url,
            jwks_url=f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json",
            log_level="WARNING",
            outbox_poll_seconds=0.2,
            consumer_prefix=f"gw{uuid.uuid4().hex[:6]}-",
        )
        apps[name] = main.create_app(settings, clock=clock)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    idp_port = free_port()
    gateway = create_gateway(
        gateway_settings(
            directory,
            gateway_port,
            urls,
            nats_url,
            # The organisation's own identity provider for officers (gateway/oidc.py).
            oidc_issuer=identity_provider.ISSUER,
            oidc_audience=identity_provider.AUDIENCE,
            oidc_jwks_url=f"http://127.0.0.1:{idp_port}/protocol/openid-connect/certs",
            oidc_role_claim="realm_access.roles",
        )
    )
    async with contextlib.AsyncExitStack() as servers:
        await servers.enter_async_context(serve(IDENTITY_PROVIDER.app(), idp_port))
        for name in SERVICES:
            await servers.enter_async_context(serve(apps[name], ports[name]))
        gateway_url = await servers.enter_async_context(serve(gateway, gateway_port))
        async with httpx.AsyncClient(base_url=gateway_url, timeout=20) as client:
            yield Stack(gateway_url, urls, client, clock, directory)
