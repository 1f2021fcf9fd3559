"""The CLI speaks Malay when its locale or --lang says so, and asks the API for the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from typer.testing import Result

from tests.cli.conftest import FakeGateway, assert_clean_failure

Cli = Callable[..., Result]


def test_its_own_messages_follow_the_locale(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "tiada.json"
    malay = cli("submit", "E1000001", str(missing), LANG="ms_MY.UTF-8", LC_ALL="")
    assert_clean_failure(malay, 2, f"{missing} tidak wujud")
    english = cli("submit", "E1000001", str(missing), LANG="en_GB.UTF-8", LC_ALL="")
    assert_clean_failure(english, 2, f"{missing} does not exist")


def test_the_lang_option_wins_over_the_locale(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "tiada.json"
    result = cli("--lang", "ms", "submit", "E1000001", str(missing), LANG="en_GB.UTF-8")
    assert_clean_failure(result, 2, "tidak wujud")
    after = cli("submit", "E1000001", str(missing), LANG="en_GB.UTF-8", LC_ALL="")
    assert_clean_failure(after, 2, "does not exist")


def test_the_api_is_asked_in_the_same_language(cli: Cli, gateway: FakeGateway) -> None:
    gateway.on(
        "GET",
        "/v1/contributions/employers/E1000001/statement",
        httpx.Response(
            404,
            json={"type": "x", "title": "Tidak dijumpai", "status": 404, "detail": "Majikan tiada"},
            headers={"Content-Type": "application/problem+json", "Content-Language": "ms"},
        ),
    )
    result = cli("statement", "E1000001", LC_ALL="ms_MY.UTF-8")
    assert_clean_failure(result, 5, "404", "Majikan tiada")
    assert {r.headers.get("accept-language") for r in gateway.requests} == {"ms"}
