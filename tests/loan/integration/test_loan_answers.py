"""Loan answers that show their records whole (issue 16): guarantors on every loan answer, the
loan an approval made on its application."""

from __future__ import annotations

from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.support import auth
from tests.support.builders import random_txn_id
from tests.support.services import RunningService


async def test_every_answer_about_a_loan_shows_its_guarantors(loan: RunningService) -> None:
    """They said `guarantors: []` after counselling and in the list while the loan had two."""
    ic, loan_id = await active_loan(loan)
    counselled = await loan.client.post(
        f"{BASE}/{loan_id}/counselling",
        json={"attended_on": "2025-08-20", "counsellor": "Puan Zainab"},
        headers=auth.officer(),
    )
    assert counselled.status_code == 200, counselled.text
    assert len(counselled.json()["guarantors"]) == 2
    listed = await loan.client.get(BASE, headers=auth.member(ic))
    [mine] = [item for item in listed.json()["items"] if item["id"] == loan_id]
    assert len(mine["guarantors"]) == 2
    person = await loan.client.get(f"{BASE}/insured-persons/{ic}", headers=auth.member(ic))
    assert len(person.json()["loans"][0]["guarantors"]) == 2


async def test_an_approved_application_names_its_loan_wherever_it_is_shown(
    loan: RunningService,
) -> None:
    """Its GET said `loan_id: null`."""
    ic, loan_id = await active_loan(loan)
    applications = (await loan.client.get(f"{BASE}/applications", headers=auth.member(ic))).json()
    [application] = applications["items"]
    assert application["loan_id"] == loan_id
    one = await loan.client.get(f"{BASE}/applications/{application['id']}", headers=auth.member(ic))
    assert one.json()["loan_id"] == loan_id


async def test_a_refused_request_never_binds_its_idempotency_key(loan: RunningService) -> None:
    """A review of issue 15's fixes: a bank's unsigned client token could store a 403 under the key
    its signed callback would use, and the real repayment was answered with that 403."""
    key = random_txn_id()
    body = {
        "bank_txn_id": random_txn_id(),
        "loan_account": "L-UNKNOWN",
        "amount": "10.00",
        "paid_at": "2025-08-20T10:00:00+08:00",
    }
    refused = await loan.client.post(
        f"{BASE}/repayments/callbacks/MBB",
        json=body,
        headers={**auth.bank_client("MBB"), "Idempotency-Key": key},
    )
    assert refused.status_code == 403
    signed = await loan.client.post(
        f"{BASE}/repayments/callbacks/MBB",
        json=body,
        headers={**auth.bank("MBB"), "Idempotency-Key": key},
    )
    assert signed.status_code == 200, signed.text
    assert "idempotent-replayed" not in signed.headers
