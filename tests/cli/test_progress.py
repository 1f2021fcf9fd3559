"""The text-file job's progress: never `0/None`; a count while the total is unknown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from time import sleep as real_sleep
from typing import Any

import httpx
import pytest
from rich.console import Console
from typer.testing import Result

from cli import main
from tests.cli.conftest import FakeGateway

Cli = Callable[..., Result]
UPLOAD = "/v1/contributions/employers/E1000001/submissions/textfile"
JOB = f"{UPLOAD}/jobs/job-1"
REPORT = {"reference": "E1000001-202506-01-3", "accepted": 3, "totals": {"total": "90.00"}}


def job(status: str, done: int, total: int | None, **extra: Any) -> dict[str, Any]:
    return {
        "job_id": "job-1",
        "status": status,
        "lines_total": total,
        "lines_done": done,
        "format": "combined",
        "mode": "reject_file",
        **extra,
    }


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Cli:
    """stderr as a terminal, so that every frame the bars draw is in the output."""
    monkeypatch.setattr(
        main, "errors", Console(stderr=True, force_terminal=True, color_system=None, width=80)
    )
    return cli


def slowly(answers: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """The job's answers in turn, each after long enough for the bar to be drawn."""

    def answer(_request: httpx.Request) -> httpx.Response:
        real_sleep(0.3)
        return httpx.Response(200, json=answers.pop(0) if len(answers) > 1 else answers[0])

    return answer


def test_a_large_upload_shows_the_jobs_real_total_from_the_start(
    terminal: Cli, gateway: FakeGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main.time, "sleep", lambda _s: None)
    gateway.on("POST", UPLOAD, httpx.Response(202, json=job("queued", 0, 3)))
    gateway.on("GET", JOB, slowly([job("running", 2, 3), job("done", 3, 3, report=REPORT)]))
    file = tmp_path / "june.txt"
    file.write_bytes(b"E1000001    " + b"x" * 266 + b"\r\n")
    result = terminal("submit", "E1000001", str(file))
    assert result.exit_code == 0, result.stderr
    assert "None" not in result.stderr
    assert "0/3 lines" in result.stderr
    assert "Accepted E1000001-202506-01-3: 3 lines" in result.stdout


def test_following_a_job_counts_lines_until_its_total_is_known(
    terminal: Cli, gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main.time, "sleep", lambda _s: None)
    gateway.on(
        "GET",
        JOB,
        slowly([job("running", 5, None), job("running", 6, 9), job("done", 9, 9, report=REPORT)]),
    )
    result = terminal("job", "E1000001", "job-1")
    assert result.exit_code == 0, result.stderr
    assert "None" not in result.stderr
    assert "0 lines" in result.stderr
    assert "5 lines" in result.stderr
    assert "6/9 lines" in result.stderr


def test_a_rejected_job_leaves_only_its_report_on_stderr(
    cli: Cli, gateway: FakeGateway, tmp_path: Path
) -> None:
    rejected = {
        "detail": "1 line rejected",
        "rejected": [{"line": 1, "field": "ic", "reason": "x"}],
    }
    gateway.on("POST", UPLOAD, httpx.Response(202, json=job("queued", 0, 1)))
    gateway.on("GET", JOB, {**job("rejected", 1, 1), "report": rejected})
    file = tmp_path / "june.txt"
    file.write_bytes(b"E1000001    " + b"x" * 266 + b"\r\n")
    result = cli("submit", "E1000001", str(file))
    assert result.exit_code == 4
    assert result.stderr.splitlines() == ["rejected: 1 line rejected", "  - line 1 ic: x"]
