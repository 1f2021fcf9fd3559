"""A loan's life to its end (issue 16): all that is paid out is owed, a loan repaid in full is
completed, and only a loan past its studies with no CGPA below 2.00 converts to a scholarship."""

from __future__ import annotations

from decimal import Decimal

from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.support import auth
from tests.support.builders import random_txn_id
from tests.support.events import EventWatcher
from tests.support.four_eyes import with_two_officers
from tests.support.services import RunningService, clock_at


async def final_disbursement(loan: RunningService, loan_id: str, **fees: str) -> None:
    body = {
        "semester": 1,
        "registration_fee": "0.00",
        "education_fee": "4000.00",
        "final": True,
        "disbursed_on": "2025-08-20",
        **fees,
    }
    answer = await with_two_officers(loan.client, BASE, f"/{loan_id}/disbursements", body)
    assert answer.status_code == 200, answer.text


async def test_the_allowance_and_premium_paid_out_are_owed_and_scheduled(
    loan: RunningService,
) -> None:
    """ "the insurance cost is factored into the total amount": the schedule is built on it all."""
    ic, loan_id = await active_loan(loan)
    await final_disbursement(loan, loan_id, allowance="900.00", insurance_premium="100.00")
    shown = (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.member(ic))).json()
    assert shown["disbursed_total"] == "5000.00"
    schedule = (await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))).json()
    principal = sum(Decimal(i["principal"]) for i in schedule["instalments"])
    assert principal == Decimal("5000.00")


async def test_a_loan_repaid_in_full_is_completed(loan: RunningService, nats_url: str) -> None:
    ic, loan_id = await active_loan(loan)
    await final_disbursement(loan, loan_id)
    schedule = (await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))).json()
    payable = schedule["total_payable"]
    with clock_at(loan, "2026-08-02T10:00:00+08:00"):
        async with EventWatcher(nats_url, "loan.completed") as watcher:
            paid = await loan.client.post(
                f"{BASE}/repayments/callbacks/MBB",
                json={
                    "bank_txn_id": random_txn_id(),
                    "loan_account": loan_id,
                    "amount": payable,
                    "paid_at": "2026-08-01T09:00:00+08:00",
                },
                headers=auth.bank("MBB"),
            )
            assert paid.status_code == 200, paid.text
            [event] = await watcher.wait_for(lambda e: e["subject"] == loan_id)
    assert event["data"]["repaid_total"] == payable
    shown = (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.member(ic))).json()
    assert shown["status"] == "completed"


async def test_a_cgpa_below_two_on_file_bars_the_conversion(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    await with_two_officers(
        loan.client,
        BASE,
        f"/{loan_id}/disbursements",
        {
            "semester": 1,
            "registration_fee": "0.00",
            "education_fee": "2000.00",
            "final": False,
            "disbursed_on": "2025-08-01",
        },
    )
    await loan.client.post(
        f"{BASE}/{loan_id}/results", json={"semester": 1, "cgpa": "1.90"}, headers=auth.member(ic)
    )
    await loan.client.post(
        f"{BASE}/{loan_id}/counselling",
        json={"attended_on": "2025-08-10", "counsellor": "Puan Zainab"},
        headers=auth.officer(),
    )
    await final_disbursement(loan, loan_id, semester="2", education_fee="2000.00")
    refused = await loan.client.post(
        f"{BASE}/{loan_id}/scholarship",
        json={"final_cgpa": "3.80", "completed_in_time": True},
        headers=auth.officer(),
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["code"] == "cgpa-below-threshold-on-file"
