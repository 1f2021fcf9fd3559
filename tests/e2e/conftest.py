"""The real system as `make run` starts it: every process, on free ports and fresh databases."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.nats_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("contribution", "loan", "dialysis", "appeals")

CLIENTS = {
    "officer-1": ("officer", {}),
    "officer-2": ("officer", {"branch": "KL"}),
    "ops-dashboard": ("dashboard", {}),
    "acme-payroll": ("employer", {"employer_code": "E1000001"}),
    "mobile-app": ("member", {}),
    "maybank": ("bank", {"bank_code": "MBB", "webhook_secret": "whsec-e2e-maybank"}),
    "centre-42": ("dialysis_centre", {"centre_id": "C042"}),
    "appeals-secretariat": ("board_secretariat", {}),
}


def secret_of(client_id: str) -> str:
    return f"e2e-{client_id}-secret-0123456789"


@dataclass
class System:
    gateway: str
    env: dict[str, str]
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def token(self, client_id: str, **form: str) -> str:
        response = httpx.post(
            f"{self.gateway}/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret_of(client_id),
                **form,
            },
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def headers(self, client_id: str, **form: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id, **form)}"}

    def child_pid(self, name: str) -> int:
        listing = subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in listing.splitlines():
            pid, _, args = line.strip().partition(" ")
            if f"services.{name}.main" in args or (name == "gateway" and "gateway.main" in args):
                return int(pid)
        raise LookupError(f"no {name} process under the supervisor:\n{listing}")

    def wait_for_output(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.output):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not in the output:\n" + "".join(self.output[-40:]))


@contextlib.contextmanager
def running_system(
    directory: Path, nats_url: str, business_time: str | None = "2025-08-20T10:00:00+08:00"
) -> Iterator[System]:
    """Every process as `make run` starts it, on free ports and fresh SQLite databases; the
    business clock frozen at `business_time`, or the real one (as `make run` has it) for None."""
    lines: list[str] = []
    for client_id, (role, extra) in CLIENTS.items():
        lines += [
            "[[client]]",
            f'id = "{client_id}"',
            f'secret_sha256 = "{hashlib.sha256(secret_of(client_id).encode()).hexdigest()}"',
            f'role = "{role}"',
        ]
        lines += [f'{k} = "{v}"' for k, v in extra.items()]
        lines.append("")
    (directory / "clients.toml").write_text("\n".join(lines))
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    env.update(
        {
            "NATS_URL": nats_url,
            "GATEWAY_PORT": str(free_port()),
            "GATEWAY_CLIENTS_FILE": str(directory / "clients.toml"),
            "GATEWAY_JWT_PRIVATE_KEY_FILE": str(directory / "jwt.pem"),
            "LOG_LEVEL": "WARNING",
            # Its own durables, as each in-process test service has (tests/support/services.py):
            # two systems alive at once on the session's NATS shared unprefixed ones and split
            # their events, and a new durable began with every earlier test's events.
            "CONSUMER_PREFIX": f"sys{uuid.uuid4().hex[:8]}-",
            "CONSUMER_HISTORY_SECONDS": "60",
        }
    )
    env.pop("BUSINESS_TIME", None)
    if business_time is not None:
        env["BUSINESS_TIME"] = business_time
    for name in SERVICES:
        env[f"{name.upper()}_PORT"] = str(free_port())
        env.pop(f"{name.upper()}_URL", None)
        env[f"{name.upper()}_DATABASE_URL"] = f"sqlite+aiosqlite:///{directory / f'{name}.db'}"
    env["JWKS_URL"] = f"http://127.0.0.1:{env['GATEWAY_PORT']}/.well-known/jwks.json"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "run.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    system = System(gateway=f"http://127.0.0.1:{env['GATEWAY_PORT']}", env=env, process=process)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            system.output.append(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        system.wait_for_output("press Ctrl-C to stop", timeout=90)
        yield system
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, nats_url: str) -> Iterator[System]:
    with running_system(tmp_path_factory.mktemp("e2e"), nats_url) as running:
        yield running
