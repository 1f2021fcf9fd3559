"""Start the real processes for a benchmark: NATS, services under uvicorn, the gateway."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from gateway.rate_limit import DEFAULT_LIMITS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIMITED_ROLES = sorted(DEFAULT_LIMITS)
UVICORN_FLAGS = [
    "--loop",
    "uvloop",
    "--http",
    "httptools",
    "--no-access-log",
    "--log-level",
    "warning",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} never opened")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


BENCH_CLIENTS = {
    "officer-1": ("officer", {}),
    "officer-2": ("officer", {}),
    "ops-dashboard": ("dashboard", {}),
    "bench-employer": ("employer", {"employer_code": "E9000001"}),
    "maybank": ("bank", {"bank_code": "MBB", "webhook_secret": "whsec-bench"}),
}


def secret_of(client_id: str) -> str:
    return f"bench-{client_id}-secret-0123456789"


class System:
    """Processes started for one benchmark; `stop()` ends them all."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith(("_DATABASE_URL", "_URL", "_PORT"))
        }
        self.env.update(
            {
                "PYTHONPATH": str(ROOT),
                "LOG_LEVEL": "WARNING",
                # The benchmarks measure capacity, not the per-client limits that protect it.
                "RATE_LIMITS": json.dumps({role: "1000000:1000000" for role in LIMITED_ROLES}),
            }
        )

    def start_nats(self) -> str:
        port = free_port()
        store = self.workdir / "nats"
        store.mkdir(parents=True, exist_ok=True)
        binary = str(Path(PYTHON).parent / "nats-server")
        self.processes["nats"] = subprocess.Popen(
            [binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(port)
        self.env["NATS_URL"] = f"nats://127.0.0.1:{port}"
        return self.env["NATS_URL"]

    def write_clients(self) -> None:
        lines: list[str] = []
        for client_id, (role, extra) in BENCH_CLIENTS.items():
            digest = hashlib.sha256(secret_of(client_id).encode()).hexdigest()
            lines += [
                "[[client]]",
                f'id = "{client_id}"',
                f'secret_sha256 = "{digest}"',
                f'role = "{role}"',
            ]
            lines += [f'{k} = "{v}"' for k, v in extra.items()]
            lines.append("")
        (self.workdir / "clients.toml").write_text("\n".join(lines))
        self.env["GATEWAY_CLIENTS_FILE"] = str(self.workdir / "clients.toml")
        self.env["GATEWAY_JWT_PRIVATE_KEY_FILE"] = str(self.workdir / "jwt.pem")

    def start_uvicorn(self, name: str, app: str, *, factory: bool = True) -> int:
        port = free_port()
        command = [
            PYTHON,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ]
        if factory:
            command.append("--factory")
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env)
        wait_port(port)
        self.ports[name] = port
        return port

    def start_service(self, name: str, database_url: str) -> int:
        prefix = name.upper()
        self.env[f"{prefix}_DATABASE_URL"] = database_url
        subprocess.run(
            [
                PYTHON,
                "-m",
                "alembic",
                "-c",
                str(ROOT / "services" / name / "alembic.ini"),
                "upgrade",
                "head",
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = self.start_uvicorn(name, f"services.{name}.main:create_app")
        self.env[f"{prefix}_URL"] = f"http://127.0.0.1:{port}"
        return port

    def prepare_gateway(self) -> None:
        """Fix the gateway's port first: services need its JWKS URL before they start."""
        self.write_clients()
        port = free_port()
        self.env["GATEWAY_PORT"] = str(port)
        self.env["JWKS_URL"] = f"http://127.0.0.1:{port}/.well-known/jwks.json"

    def start_gateway(self) -> int:
        port = int(self.env["GATEWAY_PORT"])
        command = [
            PYTHON,
            "-m",
            "uvicorn",
            "gateway.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ]
        self.processes["gateway"] = subprocess.Popen(command, cwd=ROOT, env=self.env)
        wait_port(port)
        self.ports["gateway"] = port
        return port

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
