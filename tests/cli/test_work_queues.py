"""`perkeso queue`, `allocate` and `what-if`: an officer's work queues (issue 21: "officer
commands for the new work queues")."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from typer.testing import Result

from tests.cli.conftest import FakeGateway, assert_clean_failure

Cli = Callable[..., Result]
PAYMENTS = "/v1/contributions/payments"


def payment(n: int) -> dict[str, str]:
    return {
        "payment_id": f"p-{n}",
        "bank_code": "MBB",
        "reference": f"TYPO-{n}",
        "received_at": "2025-08-31T10:00:00+08:00",
        "amount": "91.40",
        "left_to_allocate": "91.40",
    }


def test_the_queue_walks_every_page_of_a_status(cli: Cli, gateway: FakeGateway) -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor") == "2":
            return httpx.Response(200, json={"items": [payment(2)], "next_cursor": None})
        return httpx.Response(200, json={"items": [payment(1)], "next_cursor": "2"})

    gateway.on("GET", PAYMENTS, pages)
    result = cli("queue", "--status", "overpaid", "--bank", "MBB")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "p-1" in result.stdout
    assert "p-2" in result.stdout
    assert "2 overpaid" in result.stdout
    sent = gateway.requests[-1].url.params
    assert (sent["status"], sent["bank"]) == ("overpaid", "MBB")
    assert_clean_failure(cli("queue", "--status", "lost"), 2, "unmatched")


def test_allocate_asks_and_says_who_must_approve(cli: Cli, gateway: FakeGateway) -> None:
    gateway.on(
        "POST",
        f"{PAYMENTS}/p-1/allocations",
        httpx.Response(
            202,
            json={"approval": {"id": "a-9", "summary": "Allocate RM91.40 of p-1 to R1"}},
        ),
    )
    result = cli("allocate", "p-1", "R1", "91.40", "--reason", "Typo in the reference")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "perkeso approve contributions a-9" in " ".join(result.stdout.split())
    sent = json.loads(gateway.requests[-1].content)
    assert sent == {"reference": "R1", "amount": "91.40", "reason": "Typo in the reference"}


def test_what_if_prints_the_cost_and_its_explanation(cli: Cli, gateway: FakeGateway) -> None:
    gateway.on(
        "POST",
        "/v1/contributions/employers/E1/submissions/R1/what-if",
        {
            "days_late": 16,
            "late_interest": "5.00",
            "total": "96.40",
            "explanation": ["due 2025-08-15, paid 2025-08-31: 16 day(s) late"],
        },
    )
    result = cli("what-if", "E1", "R1", "--pay-on", "2025-08-31")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "16 day(s) late, interest RM5.00, total RM96.40" in result.stdout
    assert "due 2025-08-15" in result.stdout
