"""Real processes (NATS, services under uvicorn, the gateway) that a scenario can break on purpose."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import nats
from nats.js.api import DeliverPolicy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.system import System, secret_of
from gateway.signatures import sign

SECRET = "whsec-bench"


@dataclass
class Platform:
    system: System
    workdir: Path
    gateway: str = ""
    nats_url: str = ""
    urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, workdir: Path) -> Platform:
        system = System(workdir)
        platform = cls(system, workdir)
        platform.nats_url = system.start_nats()
        system.prepare_gateway()
        system.env["BUSINESS_TIME"] = "2025-08-20T10:00:00+08:00"
        system.env["OUTBOX_POLL_SECONDS"] = "0.2"
        for name in ("contribution", "dialysis", "appeals"):
            platform.urls[name] = f"sqlite+aiosqlite:///{workdir / f'{name}.db'}"
            system.start_service(name, platform.urls[name])
        platform.gateway = f"http://127.0.0.1:{system.start_gateway()}"
        return platform

    def stop_nats(self) -> None:
        process = self.system.processes["nats"]
        process.terminate()
        process.wait(timeout=10)

    def start_nats_again(self) -> None:
        port = int(self.nats_url.rsplit(":", 1)[1])
        store = self.workdir / "nats"
        import subprocess
        import sys

        binary = str(Path(sys.executable).parent / "nats-server")
        self.system.processes["nats"] = subprocess.Popen(
            [binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)

    def kill_contribution(self) -> None:
        self.system.processes["contribution"].send_signal(signal.SIGKILL)
        self.system.processes["contribution"].wait(timeout=10)

    def restart_contribution(self) -> None:
        import subprocess

        port = self.system.ports["contribution"]
        from bench.system import PYTHON, ROOT, UVICORN_FLAGS, wait_port

        command = [
            PYTHON,
            "-m",
            "uvicorn",
            "services.contribution.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ]
        self.system.processes["contribution"] = subprocess.Popen(
            command, cwd=ROOT, env=self.system.env
        )
        wait_port(port)

    async def token(self, client_id: str) -> str:
        async with aiohttp.ClientSession() as s:
            form = {
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret_of(client_id),
            }
            async with s.post(f"{self.gateway}/auth/token", data=form) as r:
                return str((await r.json())["access_token"])

    async def submissions(self, count: int) -> list[str]:
        headers = {"Authorization": f"Bearer {await self.token('officer-1')}"}
        references = []
        async with aiohttp.ClientSession(headers=headers) as s:
            await s.post(
                f"{self.gateway}/v1/contributions/employers",
                json={"employer_code": "E9000001", "name": "Reliable"},
            )
            for n in range(count):
                lines = [
                    {
                        "ic": f"8{n % 10}0{n % 9 + 1}1{n % 9 + 1}14{k:04d}",
                        "name": f"W{k}",
                        "wage": "3000.00",
                    }
                    for k in range(n * 2, n * 2 + 2)
                ]
                async with s.post(
                    f"{self.gateway}/v1/contributions/employers/E9000001/submissions",
                    json={"month": "2025-07", "lines": lines},
                ) as r:
                    body = await r.json()
                    references.append(body["reference"])
        return references

    async def scalar(self, service: str, sql: str, **params: object) -> int:
        engine = create_async_engine(self.urls[service])
        try:
            async with engine.connect() as connection:
                return int((await connection.execute(text(sql), params)).scalar() or 0)
        finally:
            await engine.dispose()

    async def wait_drained(self, service: str, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        pending = -1
        while time.monotonic() < deadline:
            pending = await self.scalar(
                service, "SELECT count(*) FROM outbox WHERE published_at IS NULL"
            )
            if pending == 0:
                return 0
            await asyncio.sleep(0.3)
        return pending

    async def stream_messages(self, subject: str) -> list[dict[str, object]]:
        nc = await nats.connect(self.nats_url)
        try:
            js = nc.jetstream()
            sub = await js.subscribe(
                subject, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
            )
            found = []
            while True:
                try:
                    message = await sub.next_msg(timeout=1.5)
                except (nats.errors.TimeoutError, TimeoutError):
                    return found
                found.append(json.loads(message.data))
        finally:
            await nc.close()


def signed_callback(gateway: str, txn: str, reference: str) -> tuple[str, bytes, dict[str, str]]:
    body = json.dumps(
        {
            "bank_txn_id": txn,
            "reference": reference,
            "amount": "0.05",
            "paid_at": "2025-08-18T10:00:00+08:00",
            "channel": "FPX",
        }
    ).encode()
    return (
        f"{gateway}/v1/contributions/payments/callbacks/MBB",
        body,
        {"X-Signature": sign(SECRET, int(time.time()), body), "Content-Type": "application/json"},
    )


class SseCollector:
    """The dashboard's view: an SSE client that reconnects with Last-Event-ID, counting every event id."""

    def __init__(self, gateway: str, token: str, subjects: str) -> None:
        self.gateway, self.token, self.subjects = gateway, token, subjects
        self.ids: list[str] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        last: str | None = None
        while True:
            headers = {"Authorization": f"Bearer {self.token}"}
            if last:
                headers["Last-Event-ID"] = last
            try:
                timeout = aiohttp.ClientTimeout(total=None, sock_read=30)
                async with (
                    aiohttp.ClientSession(timeout=timeout) as s,
                    s.get(
                        f"{self.gateway}/v1/events/stream",
                        params={"subjects": self.subjects},
                        headers=headers,
                    ) as r,
                ):
                    async for raw in r.content:
                        line = raw.decode().rstrip("\n")
                        if line.startswith("id: "):
                            last = line[4:]
                            self.ids.append(last)
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.5)

    async def wait_for(self, ids: set[str], *, timeout: float) -> None:
        """Until every one of `ids` has arrived, or the timeout (the caller then asserts)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not ids <= set(self.ids) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
