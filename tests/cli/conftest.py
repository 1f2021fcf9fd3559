"""The CLI in-process: typer's runner, and a gateway that is an httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from cli import main

Handler = Callable[[httpx.Request], httpx.Response]
DOCUMENTED_EXIT_CODES = {0, 2, 3, 4, 5, 6, 7}


@dataclass
class FakeGateway:
    """Routes by (method, path); an unknown route is a 404 problem, as the gateway answers."""

    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    fallback: Handler | None = None

    def on(self, method: str, path: str, answer: Handler | httpx.Response | dict[str, Any]) -> None:
        if isinstance(answer, httpx.Response):
            self.routes[(method, path)] = lambda _request: answer
        elif isinstance(answer, dict):
            body = answer
            self.routes[(method, path)] = lambda _request: httpx.Response(200, json=body)
        else:
            self.routes[(method, path)] = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        handler = self.routes.get((request.method, request.url.path))
        if handler is not None:
            return handler(request)
        if self.fallback is not None:
            return self.fallback(request)
        return httpx.Response(
            404,
            json={"title": "Not found", "status": 404, "detail": f"No {request.url.path}"},
            headers={"Content-Type": "application/problem+json"},
        )


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    fake = FakeGateway()
    fake.on("POST", "/auth/token", {"access_token": "token-1", "token_type": "bearer"})

    class MockedClient(main.Client):
        def __init__(self, url: str, client_id: str, secret: str) -> None:
            super().__init__(url, client_id, secret)
            self.http.close()
            self.http = httpx.Client(base_url=self.url, transport=httpx.MockTransport(fake))

    monkeypatch.setattr(main, "Client", MockedClient)
    return fake


@pytest.fixture
def width() -> int:
    return 200


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, width: int) -> Callable[..., Result]:
    """Run `perkeso ARGS` with credentials in the environment and consoles `width` wide."""
    monkeypatch.setattr(main, "console", Console(width=width))
    monkeypatch.setattr(main, "errors", Console(stderr=True, width=width))
    env = {
        "PERKESO_URL": "http://gateway.test",
        "PERKESO_CLIENT_ID": "acme-payroll",
        "PERKESO_CLIENT_SECRET": "s3cret",
        "PERKESO_CONFIG": str(tmp_path / "no-config.toml"),
        "COLUMNS": str(width),
    }
    runner = CliRunner()

    def invoke(*args: str, **extra_env: str) -> Result:
        return runner.invoke(main.app, list(args), env={**env, **extra_env})

    return invoke


def assert_clean_failure(result: Result, code: int, *reason: str) -> None:
    """Exit `code`, no traceback, and every piece of `reason` on one line of stderr."""
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output, output
    assert result.exit_code == code, output
    assert code in DOCUMENTED_EXIT_CODES
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no reason given on stderr"
    assert any(all(part in line for part in reason) for line in lines), result.stderr


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value))
    return path
