"""Reconciliation (CONTRACT.md "Money that does not match"; issue 18): the queue of payments,
allocations of unmatched money and of an overpayment's excess, refunds of credit, each under
four eyes, and every sen on some account the statement shows."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.events import EventWatcher
from tests.support.four_eyes import approve, with_two_officers
from tests.support.services import RunningService

LINE_TOTAL = "91.40"  # RM3,450: 77.60 SOCSO (first category) + 13.80 EIS


async def month_owed(contribution: RunningService, code: str, month: str = "2025-07") -> str:
    line = {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Siti", "wage": "3450.00"}
    answer = await submit(contribution, code, [line], month=month)
    assert answer.status_code == 201, answer.text
    assert answer.json()["totals"]["total"] == LINE_TOTAL
    return str(answer.json()["reference"])


async def pay(
    contribution: RunningService,
    reference: str,
    amount: str,
    paid_at: str = "2025-08-14T10:00:00+08:00",
) -> dict[str, object]:
    answer = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(reference, amount, paid_at),
        headers=auth.bank("MBB"),
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def statement(contribution: RunningService, code: str) -> dict[str, object]:
    answer = await contribution.client.get(
        f"{BASE}/employers/{code}/statement", headers=auth.employer(code)
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def every_sen_is_on_the_statement(totals: dict[str, str]) -> None:
    left = sum(
        Decimal(totals[k])
        for k in ("contributions", "late_interest_assessed", "credit_balance", "refunded")
    )
    right = sum(
        Decimal(totals[k])
        for k in (
            "paid",
            "outstanding",
            "interest_owed",
            "interest_disputed",
            "interest_waived",
            "interest_cancelled",
        )
    )
    assert left == right, totals


async def test_an_unmatched_payment_is_allocated_by_two_officers(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    stray = await pay(contribution, "TYPO-" + reference, LINE_TOTAL)
    assert stray["status"] == "unmatched"
    payment_id = stray["payment_id"]
    queue = await contribution.client.get(
        f"{BASE}/payments", params={"status": "unmatched", "limit": "500"}, headers=auth.officer()
    )
    [queued] = [p for p in queue.json()["items"] if p["payment_id"] == payment_id]
    assert (queued["left_to_allocate"], queued["employer_code"]) == (LINE_TOTAL, None)

    async with EventWatcher(nats_url, "contribution.payment.allocated") as watcher:
        held = await contribution.client.post(
            f"{BASE}/payments/{payment_id}/allocations",
            json={"reference": reference, "amount": LINE_TOTAL, "reason": "reference mistyped"},
            headers=auth.officer(),
        )
        assert held.status_code == 202, held.text
        assert held.json()["approval"]["summary"] == (
            f"Allocate RM{LINE_TOTAL} of payment {payment_id} to {reference}"
        )
        waiting = await contribution.client.get(
            f"{BASE}/payments/{payment_id}", headers=auth.officer()
        )
        assert waiting.json()["status"] == "unmatched"  # nothing moves before the approval
        assert [p["action"] for p in waiting.json()["pending_approvals"]] == [
            "contribution.payment.allocation"
        ]
        done = await approve(contribution.client, BASE, held)
        assert done.status_code == 200, done.text
        [event] = await watcher.wait_for(lambda e: e["subject"] == payment_id)
    result = done.json()["result"]
    assert (result["applied"], result["payment_status"], result["left_to_allocate"]) == (
        LINE_TOTAL,
        "allocated",
        "0.00",
    )
    assert (event["actor"], event["data"]["requested_by"]) == ("officer-2", "officer-1")
    shown = await statement(contribution, code)
    [line] = shown["submissions"]  # type: ignore[misc]
    assert (line["status"], line["outstanding"]) == ("paid", "0.00")
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]
    history = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{reference}/history", headers=auth.employer(code)
    )
    assert "contribution.payment.allocated" in [i["event_type"] for i in history.json()["items"]]


async def test_more_than_is_left_of_a_payment_is_refused_when_asked(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    stray = await pay(contribution, "NOSUCH-" + reference, "50.00")
    refused = await contribution.client.post(
        f"{BASE}/payments/{stray['payment_id']}/allocations",
        json={"reference": reference, "amount": "50.01", "reason": "x"},
        headers=auth.officer(),
    )
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert (error["field"], error["code"]) == ("amount", "more-than-left")
    nowhere = await contribution.client.post(
        f"{BASE}/payments/{stray['payment_id']}/allocations",
        json={"reference": "NO-SUCH-REF", "amount": "1.00", "reason": "x"},
        headers=auth.officer(),
    )
    assert nowhere.json()["errors"][0]["code"] == "no-such-submission"


async def test_an_overpayments_excess_moves_to_another_month_and_no_further(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code, "2025-07")
    august = await month_owed(contribution, code, "2025-08")
    over = await pay(contribution, july, "100.00")
    assert over["status"] == "overpaid"
    before = await statement(contribution, code)
    assert before["totals"]["credit_balance"] == "8.60"  # type: ignore[index]
    moved = await with_two_officers(
        contribution.client,
        BASE,
        f"/payments/{over['payment_id']}/allocations",
        {"reference": august, "amount": "8.60", "reason": "excess of July to August"},
    )
    assert moved.status_code == 200, moved.text
    after = await statement(contribution, code)
    lines = {s["reference"]: s for s in after["submissions"]}  # type: ignore[union-attr]
    assert (lines[july]["credit"], lines[august]["outstanding"]) == ("0.00", "82.80")
    assert after["totals"]["credit_balance"] == "0.00"  # type: ignore[index]
    every_sen_is_on_the_statement(after["totals"])  # type: ignore[arg-type]
    again = await contribution.client.post(
        f"{BASE}/payments/{over['payment_id']}/allocations",
        json={"reference": august, "amount": "0.01", "reason": "again"},
        headers=auth.officer(),
    )
    assert again.status_code == 422


async def test_a_credit_is_refunded_by_two_officers_and_never_beyond_it(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    await pay(contribution, july, "100.00")
    too_much = await contribution.client.post(
        f"{BASE}/employers/{code}/refunds",
        json={"amount": "8.61", "reason": "overpaid July"},
        headers=auth.officer(),
    )
    assert too_much.status_code == 422
    assert too_much.json()["errors"][0]["code"] == "more-than-credit"
    refunded = await with_two_officers(
        contribution.client,
        BASE,
        f"/employers/{code}/refunds",
        {"amount": "8.60", "reason": "overpaid July"},
    )
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["result"]["drawn"] == [{"reference": july, "amount": "8.60"}]
    assert refunded.json()["result"]["credit_balance"] == "0.00"
    shown = await statement(contribution, code)
    assert (shown["totals"]["credit_balance"], shown["totals"]["refunded"]) == ("0.00", "8.60")  # type: ignore[index]
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]


async def test_two_allocations_of_the_same_payment_approved_at_once_spend_it_once(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code, "2025-07")
    august = await month_owed(contribution, code, "2025-08")
    stray = await pay(contribution, "LOST-" + july, LINE_TOTAL)
    held = [
        await contribution.client.post(
            f"{BASE}/payments/{stray['payment_id']}/allocations",
            json={"reference": reference, "amount": LINE_TOTAL, "reason": "which month?"},
            headers=auth.officer(),
        )
        for reference in (july, august)
    ]
    answers = await asyncio.gather(
        approve(contribution.client, BASE, held[0], by="officer-2"),
        approve(contribution.client, BASE, held[1], by="officer-3"),
    )
    assert sorted(a.status_code for a in answers) == [200, 422], [a.text for a in answers]
    lost = next(a for a in answers if a.status_code == 422)
    assert lost.json()["errors"][0]["code"] == "more-than-left"
    shown = await statement(contribution, code)
    assert shown["totals"]["paid"] == LINE_TOTAL  # type: ignore[index]
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]


async def test_an_allocation_racing_a_bank_callback_for_the_same_month_counts_both(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    stray = await pay(contribution, "LOST-" + july, "40.00")
    held = await contribution.client.post(
        f"{BASE}/payments/{stray['payment_id']}/allocations",
        json={"reference": july, "amount": "40.00", "reason": "the employer's first half"},
        headers=auth.officer(),
    )
    approved, paid = await asyncio.gather(
        approve(contribution.client, BASE, held), pay(contribution, july, "51.40")
    )
    assert approved.status_code == 200, approved.text
    shown = await statement(contribution, code)
    [line] = shown["submissions"]  # type: ignore[misc]
    assert (line["paid"], line["outstanding"], line["status"]) == ("91.40", "0.00", "paid")
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]
    assert paid["status"] in ("settled", "partial")


async def test_the_queue_is_for_staff_and_paged_by_cursor(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    ids = [
        (await pay(contribution, f"LOST{k}-{reference}", "1.00"))["payment_id"] for k in range(5)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"status": "unmatched", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (
            await contribution.client.get(
                f"{BASE}/payments", params=params, headers=auth.dashboard()
            )
        ).json()
        seen.extend(p["payment_id"] for p in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert set(ids) <= set(seen)
    refused = await contribution.client.get(f"{BASE}/payments", headers=auth.employer(code))
    assert refused.status_code == 403


def reversal(original: str, reference: str, amount: str, txn: str | None = None) -> dict[str, str]:
    return {
        **callback(reference, amount, "2025-08-20T09:00:00+08:00", txn=txn),
        "channel": "DDA",
        "kind": "reversal",
        "original_bank_txn_id": original,
    }


async def test_a_returned_debit_undoes_its_payment_and_its_replay_changes_nothing(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    body = callback(july, "100.00", "2025-08-14T10:00:00+08:00")
    paid = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    assert paid.json()["status"] == "overpaid"
    returned = reversal(body["bank_txn_id"], july, "100.00")
    async with EventWatcher(nats_url, "contribution.payment.reversed") as watcher:
        first = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB", json=returned, headers=auth.bank("MBB")
        )
        assert first.status_code == 200, first.text
        await watcher.wait_for(lambda e: e["subject"] == paid.json()["payment_id"])
    assert (first.json()["status"], first.json()["payment_id"]) == (
        "reversed",
        paid.json()["payment_id"],
    )
    again = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=returned, headers=auth.bank("MBB")
    )
    assert again.json() == first.json()
    shown = await statement(contribution, code)
    [line] = shown["submissions"]  # type: ignore[misc]
    # The submission goes back to what it owed.
    assert (line["status"], line["outstanding"], line["credit"]) == ("unpaid", LINE_TOTAL, "0.00")
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]
    other = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=reversal(body["bank_txn_id"], july, "100.00"),
        headers=auth.bank("MBB"),
    )
    assert other.status_code == 409  # a second reversal of one payment


async def test_a_reversal_undoes_the_interest_its_late_payment_brought(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    body = callback(july, "96.40", "2025-08-18T10:00:00+08:00")  # 3 days late: RM5 interest
    late = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    assert (late.json()["late_interest"], late.json()["interest_settled"]) == ("5.00", "5.00")
    undone = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=reversal(body["bank_txn_id"], july, "96.40"),
        headers=auth.bank("MBB"),
    )
    assert undone.status_code == 200, undone.text
    shown = await statement(contribution, code)
    totals = shown["totals"]
    assert (totals["late_interest_assessed"], totals["interest_paid"], totals["paid"]) == (  # type: ignore[index]
        "0.00",
        "0.00",
        "0.00",
    )
    every_sen_is_on_the_statement(totals)  # type: ignore[arg-type]


async def test_a_reversal_takes_back_money_allocated_elsewhere_and_refunded(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code, "2025-07")
    august = await month_owed(contribution, code, "2025-08")
    body = callback(july, "110.00", "2025-08-14T10:00:00+08:00")
    over = (
        await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
        )
    ).json()
    moved = await with_two_officers(
        contribution.client,
        BASE,
        f"/payments/{over['payment_id']}/allocations",
        {"reference": august, "amount": "10.00", "reason": "part of the excess to August"},
    )
    assert moved.status_code == 200, moved.text
    refunded = await with_two_officers(
        contribution.client,
        BASE,
        f"/employers/{code}/refunds",
        {"amount": "8.60", "reason": "rest"},
    )
    assert refunded.status_code == 200, refunded.text
    undone = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=reversal(body["bank_txn_id"], july, "110.00"),
        headers=auth.bank("MBB"),
    )
    assert undone.status_code == 200, undone.text
    shown = await statement(contribution, code)
    lines = {s["reference"]: s for s in shown["submissions"]}  # type: ignore[union-attr]
    # July owes its contributions again and the RM8.60 paid back to the employer; August its own.
    assert (lines[july]["outstanding"], lines[august]["outstanding"]) == ("100.00", LINE_TOTAL)
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]


async def test_a_reversal_names_a_payment_of_its_bank_for_all_of_it(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    body = callback(july, LINE_TOTAL)
    await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    cases = [
        (reversal("NO-SUCH-TXN", july, LINE_TOTAL), "original_bank_txn_id"),
        (reversal(body["bank_txn_id"], july, "1.00"), "amount"),
        ({**callback(july, "1.00"), "original_bank_txn_id": body["bank_txn_id"]}, "body"),
    ]
    for sent, field in cases:
        refused = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB", json=sent, headers=auth.bank("MBB")
        )
        assert refused.status_code == 422, refused.text
        assert field in [e["field"] for e in refused.json()["errors"]], refused.text
    # Another bank cannot reverse Maybank's payment.
    elsewhere = await contribution.client.post(
        f"{BASE}/payments/callbacks/CIMB",
        json=reversal(body["bank_txn_id"], july, LINE_TOTAL),
        headers=auth.bank("CIMB"),
    )
    assert elsewhere.status_code == 422


async def test_the_queue_filters_by_bank_and_the_days_received(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    cimb = await contribution.client.post(
        f"{BASE}/payments/callbacks/CIMB",
        json=callback("LOST-CIMB-" + reference, "2.00"),
        headers=auth.bank("CIMB"),
    )
    params = {
        "status": "unmatched",
        "bank": "CIMB",
        "from": "2025-08-31",
        "to": "2025-08-31",
        "limit": "500",
    }
    page = await contribution.client.get(f"{BASE}/payments", params=params, headers=auth.officer())
    assert page.status_code == 200, page.text
    found = page.json()["items"]
    assert cimb.json()["payment_id"] in [p["payment_id"] for p in found]
    assert {p["bank_code"] for p in found} == {"CIMB"}
    earlier = await contribution.client.get(
        f"{BASE}/payments",
        params={**params, "from": "2025-08-01", "to": "2025-08-30"},
        headers=auth.officer(),
    )
    assert cimb.json()["payment_id"] not in [p["payment_id"] for p in earlier.json()["items"]]
    backwards = await contribution.client.get(
        f"{BASE}/payments",
        params={**params, "from": "2025-08-31", "to": "2025-08-01"},
        headers=auth.officer(),
    )
    assert (backwards.status_code, backwards.json()["errors"][0]["field"]) == (422, "to")


async def test_late_interest_is_waived_by_two_officers_and_never_beyond_what_is_owed(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    july = await month_owed(contribution, code)
    await pay(contribution, july, LINE_TOTAL, "2025-08-18T10:00:00+08:00")  # 3 days late: RM5
    before = await statement(contribution, code)
    assert before["totals"]["interest_owed"] == "5.00"  # type: ignore[index]
    url = f"/employers/{code}/submissions/{july}/interest-waivers"
    too_much = await contribution.client.post(
        f"{BASE}{url}", json={"amount": "5.01", "reason": "bank outage"}, headers=auth.officer()
    )
    assert too_much.status_code == 422, too_much.text
    assert too_much.json()["errors"][0]["code"] == "more-than-owed"
    async with EventWatcher(nats_url, "contribution.interest.waived") as watcher:
        waived = await with_two_officers(
            contribution.client, BASE, url, {"amount": "5.00", "reason": "bank outage on the 15th"}
        )
        assert waived.status_code == 200, waived.text
        [event] = await watcher.wait_for(lambda e: e["subject"] == july)
    assert (event["actor"], event["data"]["requested_by"]) == ("officer-2", "officer-1")
    assert waived.json()["result"]["interest_owed"] == "0.00"
    after = await statement(contribution, code)
    totals = after["totals"]
    assert (
        totals["interest_owed"],
        totals["interest_waived"],
        totals["late_interest_assessed"],
    ) == (  # type: ignore[index]
        "0.00",
        "5.00",
        "5.00",
    )
    every_sen_is_on_the_statement(totals)  # type: ignore[arg-type]
