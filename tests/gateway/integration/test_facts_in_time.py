"""What has happened cannot be in the future; what is scheduled must be ahead (issue 16).

The stack's business clock stands at 2025-08-31 10:00 Malaysia time (tests/support/services.py).
Each operation refuses the fact with a 422 naming its field, before it reads anything.
"""

from __future__ import annotations

import json
import time

import pytest

from gateway.signatures import sign
from tests.gateway.conftest import Stack
from tests.support.builders import random_txn_id

TOMORROW = "2025-09-01"
IN_2030 = "2030-01-01T09:00:00+08:00"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/v1/contributions/self-employed/900101145678/payments",
            {"amount": "10.00", "paid_at": IN_2030},
            "paid_at",
        ),
        (
            "/v1/loans/L-1/epf-withdrawals",
            {"epf_reference": "E-1", "amount": "1.00", "received_at": IN_2030},
            "received_at",
        ),
        ("/v1/loans/L-1/acceptance", {"accepted_on": TOMORROW}, "accepted_on"),
        (
            "/v1/loans/L-1/disbursements",
            {"semester": 1, "education_fee": "100.00", "final": False, "disbursed_on": TOMORROW},
            "disbursed_on",
        ),
        (
            "/v1/loans/L-1/counselling",
            {"attended_on": TOMORROW, "counsellor": "Puan Zainab"},
            "attended_on",
        ),
        (
            "/v1/dialysis/centres/C-1/donations",
            {"machines": 1, "approved_on": TOMORROW},
            "approved_on",
        ),
        (
            "/v1/dialysis/centres/C-1/grants",
            {"amount": "100.00", "reason": "Roof", "approved_on": TOMORROW},
            "approved_on",
        ),
        (
            "/v1/dialysis/claims/support",
            {"treatment_id": "T-1", "kind": "epo", "service_date": TOMORROW, "amount": "10.00"},
            "service_date",
        ),
        (
            "/v1/dialysis/claims/reimbursements",
            {
                "treatment_id": "T-1",
                "sessions": [
                    {"session_date": "2025-08-30", "centre_id": "H-1", "amount_paid": "150.00"},
                    {"session_date": TOMORROW, "centre_id": "H-1", "amount_paid": "150.00"},
                ],
            },
            "sessions[1].session_date",
        ),
    ],
)
async def test_a_fact_dated_after_today_is_refused_naming_its_field(
    stack: Stack, path: str, body: dict[str, object], field: str
) -> None:
    response = await stack.client.post(path, json=body, headers=await stack.headers("officer-1"))
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["field"], e.get("code")) for e in errors] == [(field, "in-the-future")]


async def test_a_centre_cannot_bill_sessions_that_have_not_come(stack: Stack) -> None:
    response = await stack.client.post(
        "/v1/dialysis/bills",
        json={"treatment_id": "T-1", "session_dates": ["2025-08-29", TOMORROW]},
        headers=await stack.headers("centre-42"),
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["session_dates[1]"]


@pytest.mark.parametrize(
    ("paid_at", "status"),
    [
        (IN_2030, 422),
        ("2025-08-31T10:06:00+08:00", 422),  # six minutes ahead of our clock
        ("2025-08-31T10:04:00+08:00", 200),  # a bank's clock may run five minutes ahead
    ],
)
async def test_a_payment_dated_in_the_future_is_refused_not_charged_interest(
    stack: Stack, paid_at: str, status: int
) -> None:
    """Issue 16: `paid_at` in 2030 was accepted with `days_late` 1456 and RM240 of interest."""
    for path, body in (
        (
            "/v1/contributions/payments/callbacks/MBB",
            {
                "bank_txn_id": random_txn_id(),
                "reference": "FUTURE-1",
                "amount": "10.00",
                "paid_at": paid_at,
                "channel": "FPX",
            },
        ),
        (
            "/v1/loans/repayments/callbacks/MBB",
            {
                "bank_txn_id": random_txn_id(),
                "loan_account": "L-1",
                "amount": "10.00",
                "paid_at": paid_at,
            },
        ),
    ):
        raw = json.dumps(body).encode()
        response = await stack.client.post(
            path,
            content=raw,
            headers={
                "X-Signature": sign("whsec-maybank", int(time.time()), raw),
                "Content-Type": "application/json",
            },
        )
        assert response.status_code == status, (path, response.text)
        if status == 422:
            assert response.json()["errors"][0]["field"] == "paid_at"


async def test_a_hearing_is_scheduled_ahead_never_in_the_past(stack: Stack) -> None:
    response = await stack.client.post(
        "/v1/appeals/A-1/hearings",
        json={"starts_at": "2025-08-31T09:00:00+08:00"},
        headers=await stack.headers("appeals-secretariat"),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "starts_at"
