"""A problem document's extension members are shown: who a 409 is about, not only how many."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from typer.testing import Result

from tests.cli.conftest import FakeGateway, assert_clean_failure, write_json

Cli = Callable[..., Result]
SUBMISSIONS = "/v1/contributions/employers/E1000001/submissions"


def problem(status: int, detail: str, **extra: object) -> httpx.Response:
    body = {"type": "https://errors.example/x", "title": "T", "status": status, "detail": detail}
    return httpx.Response(
        status, json={**body, **extra}, headers={"Content-Type": "application/problem+json"}
    )


def test_a_409_on_a_submission_names_the_employees_already_paid_for(
    cli: Cli, gateway: FakeGateway, tmp_path: Path
) -> None:
    ics = ["900101-14-****", "880202-10-****"]
    detail = "2 employee(s) already have a contribution for 2025-06 from this employer"
    gateway.on("POST", SUBMISSIONS, problem(409, detail, ics=ics))
    file = write_json(tmp_path / "june.json", {"month": "2025-06", "lines": [{}]})
    result = cli("submit", "E1000001", str(file))
    assert_clean_failure(result, 6, "409", detail)
    assert_clean_failure(result, 6, "ics", *ics)


def test_a_long_list_is_shown_briefly(cli: Cli, gateway: FakeGateway, tmp_path: Path) -> None:
    ics = [f"9001{k:02d}-14-****" for k in range(40)]
    gateway.on("POST", SUBMISSIONS, problem(409, "40 employee(s) already", ics=ics))
    file = write_json(tmp_path / "june.json", {"month": "2025-06", "lines": [{}]})
    result = cli("submit", "E1000001", str(file))
    assert_clean_failure(result, 6, "ics", ics[0], ics[9], "and 30 more")
    assert ics[10] not in result.stderr


def test_any_list_valued_extension_is_printed_and_scalars_are_not(
    cli: Cli, gateway: FakeGateway
) -> None:
    gateway.on(
        "GET",
        "/v1/contributions/employers/E1000001/statement",
        problem(422, "Not yet", references=["R-1", "R-2"], retry_after=30, empty=[]),
    )
    result = cli("statement", "E1000001")
    assert_clean_failure(result, 4, "references", "R-1, R-2")
    assert "retry_after" not in result.stderr
    assert "empty" not in result.stderr


def test_validation_errors_are_listed_as_before(cli: Cli, gateway: FakeGateway) -> None:
    gateway.on(
        "POST",
        "/v1/contributions/calculate",
        problem(422, "Invalid fields: wage", errors=[{"field": "wage", "message": "2 decimals"}]),
    )
    result = cli("calculate", "3450.001")
    assert_clean_failure(result, 4, "422", "Invalid fields: wage")
    assert_clean_failure(result, 4, "- wage: 2 decimals")
    assert "errors:" not in result.stderr
