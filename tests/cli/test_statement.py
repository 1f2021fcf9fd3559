"""`statement` fits the terminal: every reference and due date in full, even at 80 columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import FakeGateway

Cli = Callable[..., Result]
STATEMENT = "/v1/contributions/employers/E1000001/statement"


def submission(reference: str, due: str, **money: str) -> dict[str, Any]:
    return {
        "reference": reference,
        "month": reference.split("-")[1][:4] + "-" + reference.split("-")[1][4:],
        "due_date": due,
        "total": "123456.78",
        "paid": "100000.00",
        "outstanding": "23456.78",
        "credit": "0.00",
        "status": "partial",
        "late_interest_assessed": "0.00",
        "interest_paid": "0.00",
        "interest_owed": "1234.56",
        "days_overdue": 40,
        "interest_accruing": "12.34",
        **money,
    }


DATA = {
    "employer_code": "E1000001",
    "name": "Syarikat Perkhidmatan Pembersihan Bandaraya Sdn Bhd",
    "as_of": "2025-09-30",
    "submissions": [
        submission("E1000001-202506-01-3", "2025-07-15"),
        submission("E1000001-202507-01-1", "2025-08-15", interest_accruing="0.00"),
        submission("E1000001-202507-02-9", "2025-08-15", status="unpaid", credit="15.00"),
    ],
    "payments": [],
    "unmatched_payments": [],
    "totals": {
        "contributions": "370370.34",
        "paid": "300000.00",
        "outstanding": "70370.34",
        "credit_balance": "15.00",
        "late_interest_assessed": "0.00",
        "interest_paid": "0.00",
        "interest_owed": "3703.68",
        "amount_due": "74074.02",
        "interest_accruing": "24.68",
    },
}


def shown_in_full(output: str, text: str) -> bool:
    return any(text in line for line in output.splitlines())


@pytest.mark.parametrize("width", [80, 60, 40])
def test_every_reference_and_due_date_is_shown_in_full_when_narrow(
    cli: Cli, gateway: FakeGateway, width: int
) -> None:
    gateway.on("GET", STATEMENT, DATA)
    result = cli("statement", "E1000001")
    assert result.exit_code == 0, result.stderr
    for s in DATA["submissions"]:
        assert shown_in_full(result.stdout, s["reference"]), result.stdout
        assert shown_in_full(result.stdout, s["due_date"]), result.stdout
        assert shown_in_full(result.stdout, s["outstanding"]), result.stdout
        assert shown_in_full(result.stdout, s["status"]), result.stdout
    assert "…" not in result.stdout
    assert all(len(line) <= width for line in result.stdout.splitlines()), result.stdout
    assert shown_in_full(result.stdout, "Due now RM74074.02")


@pytest.mark.parametrize("width", [80])
def test_at_80_columns_it_is_still_a_table(cli: Cli, gateway: FakeGateway, width: int) -> None:
    gateway.on("GET", STATEMENT, DATA)
    result = cli("statement", "E1000001")
    header = next(line for line in result.stdout.splitlines() if "reference" in line)
    assert "due" in header
    assert "outstanding" in header


def test_a_wide_terminal_shows_every_column(cli: Cli, gateway: FakeGateway) -> None:
    gateway.on("GET", STATEMENT, DATA)
    result = cli("statement", "E1000001")
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "reference" in line)
    for column in ("month", "due", "total", "paid", "outstanding", "interest owed", "credit"):
        assert column in header
    assert shown_in_full(result.stdout, "1234.56 + 12.34 accruing")
