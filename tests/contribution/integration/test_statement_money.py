"""Every sen received is on some account the statement shows (issue 16)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution import repository
from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.contribution.integration.test_reconciliation import statement
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService


async def test_an_overpayment_is_the_employers_credit_and_the_totals_add_up(
    contribution: RunningService,
) -> None:
    """A RM56.90 excess disappeared and the statement's totals no longer added up."""
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "3450.00"}])
    ).json()
    total = Decimal(sub["totals"]["total"])
    paid = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(sub["reference"], f"{total + Decimal('56.90'):.2f}"),
        headers=auth.bank("MBB"),
    )
    assert paid.json()["status"] == "overpaid"
    shown = await statement(contribution, code)
    [line] = shown["submissions"]
    assert (line["outstanding"], line["credit"]) == ("0.00", "56.90")
    totals = {k: Decimal(v) for k, v in shown["totals"].items()}
    assert totals["credit_balance"] == Decimal("56.90")
    assert (
        totals["contributions"] + totals["credit_balance"] == totals["paid"] + totals["outstanding"]
    )


async def test_an_employer_sees_its_own_unmatched_payments_and_no_one_elses(
    contribution: RunningService,
) -> None:
    code, other = await register_employer(contribution), await register_employer(contribution)
    for reference in (f"{code}-202507-99-1", code, f"{other}-202507-01-1"):
        answer = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            json=callback(reference, "10.00"),
            headers=auth.bank("MBB"),
        )
        assert answer.json()["status"] == "unmatched"
    shown = await statement(contribution, code)
    assert sorted(p["reference"] for p in shown["unmatched_payments"]) == sorted(
        [code, f"{code}-202507-99-1"]
    )


async def test_a_statement_says_how_many_unmatched_payments_there_are_beyond_those_listed(
    contribution: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list was cut at 500 without saying so: it now says how many there are and their sum,
    whatever it lists (here cut at two)."""
    monkeypatch.setattr(repository, "LIST_LIMIT", 2)
    code = await register_employer(contribution)
    for n, amount in enumerate(("10.00", "20.00", "30.50")):
        answer = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            json=callback(f"{code}-202507-9{n}-1", amount),
            headers=auth.bank("MBB"),
        )
        assert answer.json()["status"] == "unmatched"
    shown = await statement(contribution, code)
    listed = [p["amount"] for p in shown["unmatched_payments"]]
    assert len(listed) == 2
    assert set(listed) < {"10.00", "20.00", "30.50"}  # received at one instant: any two
    assert shown["unmatched_count"] == 3
    assert shown["unmatched_amount"] == "60.50"
    empty = await register_employer(contribution)
    none = await statement(contribution, empty)
    assert (none["unmatched_payments"], none["unmatched_count"], none["unmatched_amount"]) == (
        [],
        0,
        "0.00",
    )


async def test_assessed_interest_is_demanded_and_a_later_payment_settles_it(
    contribution: RunningService,
) -> None:
    """Assessed late interest never became a debt the statement demands and a payment can
    settle: a second payment for it was booked as credit while the interest stayed unpaid."""
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "3450.00"}])
    ).json()
    total = sub["totals"]["total"]
    reference = sub["reference"]

    async def pay(amount: str) -> dict:
        answer = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            # Due 15 August 2025; paid on the 30th, 15 days late.
            json=callback(reference, amount, paid_at="2025-08-30T10:00:00+08:00"),
            headers=auth.bank("MBB"),
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    late = await pay(total)
    assert late["status"] == "settled"
    interest = Decimal(late["late_interest"])
    assert interest == Decimal("5.00")  # the minimum of RM5.00 for a month or part of one
    [line] = (await statement(contribution, code))["submissions"]
    assert (line["outstanding"], line["interest_owed"], line["credit"]) == ("0.00", "5.00", "0.00")
    assert (await statement(contribution, code))["totals"]["amount_due"] == "5.00"

    settling = await pay("7.50")
    assert (settling["status"], settling["interest_settled"]) == ("overpaid", "5.00")
    after = await statement(contribution, code)
    [line] = after["submissions"]
    assert (line["interest_paid"], line["interest_owed"], line["credit"]) == (
        "5.00",
        "0.00",
        "2.50",
    )
    totals = {k: Decimal(v) for k, v in after["totals"].items()}
    assert totals["amount_due"] == 0
    assert (
        totals["contributions"] + totals["late_interest_assessed"] + totals["credit_balance"]
        == totals["paid"] + totals["outstanding"] + totals["interest_owed"]
    )
    assert sorted(p["interest_settled"] for p in after["payments"]) == ["0.00", "5.00"]
