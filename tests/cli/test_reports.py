"""`perkeso report`: the officers' daily reports as a table, or the service's CSV (issue 18:
"The CLI can fetch them")."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from typer.testing import Result

from tests.cli.conftest import FakeGateway, assert_clean_failure

Cli = Callable[..., Result]
ARREARS = "/v1/contributions/reports/arrears-ageing"
COLLECTIONS = "/v1/contributions/reports/collections"


def test_arrears_print_as_a_table_with_every_band(cli: Cli, gateway: FakeGateway) -> None:
    row = {
        "employer_code": "E1000001",
        "days_0_30": "91.40",
        "days_31_60": "0.00",
        "days_61_90": "91.40",
        "over_90": "0.00",
        "total": "182.80",
        "interest_accruing": "20.00",
    }
    second = {**row, "employer_code": "E1000002", "total": "91.40"}

    def page(request: httpx.Request) -> httpx.Response:
        # The arrears come a page of employers at a time: the CLI walks to the end.
        if request.url.params.get("cursor") == "next":
            return httpx.Response(200, json={"items": [second], "next_cursor": None})
        return httpx.Response(200, json={"items": [row], "next_cursor": "next"})

    gateway.on("GET", ARREARS, page)
    result = cli("report", "arrears")
    assert result.exit_code == 0, result.stdout + result.stderr
    for text in ("E1000001", "E1000002", "182.80", "20.00", "days 61 90"):
        assert text in result.stdout
    assert gateway.requests[-1].url.params["format"] == "json"


def test_collections_ask_for_the_range_and_csv_is_passed_through(
    cli: Cli, gateway: FakeGateway
) -> None:
    csv_text = "day,bank_code,payments,amount\r\n2025-08-05,MBB,2,30.00\r\n"
    gateway.on(
        "GET",
        COLLECTIONS,
        lambda _r: httpx.Response(200, text=csv_text, headers={"Content-Type": "text/csv"}),
    )
    result = cli("report", "collections", "--from", "2025-08-05", "--to", "2025-08-06", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == csv_text.encode()  # CRLF kept (`stdout` normalises it)
    sent = gateway.requests[-1].url.params
    assert (sent["from"], sent["to"], sent["format"]) == ("2025-08-05", "2025-08-06", "csv")


def test_collections_without_a_range_and_an_unknown_report_are_usage_errors(
    cli: Cli, gateway: FakeGateway
) -> None:
    assert_clean_failure(cli("report", "collections"), 2, "--from")
    assert_clean_failure(cli("report", "pensions"), 2, "collections")
