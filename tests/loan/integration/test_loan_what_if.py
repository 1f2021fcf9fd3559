"""What a prepayment on a day would do to a loan (CONTRACT.md "What-if"): the same instalment,
fewer months, the charge saved; asked through the API, and nothing recorded."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.loan.integration.test_loan_life import final_disbursement
from tests.support import auth
from tests.support.builders import random_ic, random_txn_id
from tests.support.four_eyes import with_two_officers
from tests.support.services import RunningService, clock_at


async def repaying(loan: RunningService) -> tuple[str, str]:
    """A RM4,000 loan, offer accepted 1 August 2025, all paid out on 20 August 2025: 36
    instalments at 2% from 1 August 2026."""
    ic, loan_id = await active_loan(loan)
    await final_disbursement(loan, loan_id)
    return ic, loan_id


async def what_if(loan: RunningService, loan_id: str, body: dict, headers: dict):
    return await loan.client.post(f"{BASE}/{loan_id}/what-if", json=body, headers=headers)


async def recorded(loan: RunningService) -> tuple[int, int]:
    tables = loan.runtime.tables
    async with loan.runtime.sessionmaker() as session:
        outbox = await session.scalar(select(func.count()).select_from(tables.outbox))
        keys = await session.scalar(select(func.count()).select_from(tables.idempotency))
    return int(outbox or 0), int(keys or 0)


async def test_a_prepayment_keeps_the_instalment_and_shortens_the_term(
    loan: RunningService,
) -> None:
    ic, loan_id = await repaying(loan)
    schedule = (await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))).json()
    assert len(schedule["instalments"]) == 36
    asked = await what_if(loan, loan_id, {"prepay": "1000.00", "on": "2025-09-01"}, auth.member(ic))
    assert asked.status_code == 200, asked.text
    answer = asked.json()
    assert answer["monthly_instalment"] == schedule["instalments"][0]["amount"]
    assert answer["months_left"] < 36
    saved = Decimal(answer["saved"])
    assert saved > 0
    assert Decimal(answer["total_payable"]) + saved == Decimal(schedule["total_payable"])
    by_officer = await what_if(
        loan, loan_id, {"prepay": "1000.00", "on": "2025-09-01"}, auth.officer()
    )
    assert by_officer.json() == answer


async def test_paying_it_all_off_leaves_no_instalment(loan: RunningService) -> None:
    ic, loan_id = await repaying(loan)
    answer = (
        await what_if(loan, loan_id, {"prepay": "4000.00", "on": "2025-08-31"}, auth.member(ic))
    ).json()
    assert (answer["monthly_instalment"], answer["months_left"], answer["total_payable"]) == (
        "0.00",
        0,
        "4000.00",
    )


async def test_asking_records_nothing_even_with_an_idempotency_key(loan: RunningService) -> None:
    ic, loan_id = await repaying(loan)
    shown = (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.member(ic))).json()
    before = await recorded(loan)
    for prepay in ("500.00", "600.00"):
        asked = await what_if(
            loan,
            loan_id,
            {"prepay": prepay, "on": "2025-09-01"},
            {**auth.member(ic), "Idempotency-Key": "one-key"},
        )
        assert asked.status_code == 200, asked.text
    assert await recorded(loan) == before
    assert (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.member(ic))).json() == shown


async def test_bad_input_is_422_naming_the_field(loan: RunningService) -> None:
    ic, loan_id = await repaying(loan)
    for body, field in [
        ({"prepay": "0.00", "on": "2025-09-01"}, "prepay"),
        ({"prepay": "4000.01", "on": "2025-09-01"}, "prepay"),
        ({"prepay": "-1.00", "on": "2025-09-01"}, "prepay"),
        ({"prepay": "100.00", "on": "2025-08-30"}, "on"),
        ({"prepay": "100.00", "on": "2101-01-01"}, "on"),
    ]:
        refused = await what_if(loan, loan_id, body, auth.member(ic))
        assert refused.status_code == 422, (body, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in refused.json()["errors"]] == [field], body


async def test_a_loan_not_being_repaid_is_409(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    body = {"prepay": "100.00", "on": "2025-09-01"}
    assert (await what_if(loan, loan_id, body, auth.member(ic))).status_code == 409
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
    disbursing = await what_if(loan, loan_id, body, auth.member(ic))
    assert disbursing.status_code == 409, disbursing.text
    assert "final disbursement" in disbursing.json()["detail"]


async def test_a_completed_loan_is_409(loan: RunningService) -> None:
    ic, loan_id = await repaying(loan)
    schedule = (await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))).json()
    with clock_at(loan, "2026-08-02T10:00:00+08:00"):
        paid = await loan.client.post(
            f"{BASE}/repayments/callbacks/MBB",
            json={
                "bank_txn_id": random_txn_id(),
                "loan_account": loan_id,
                "amount": schedule["total_payable"],
                "paid_at": "2026-08-01T09:00:00+08:00",
            },
            headers=auth.bank("MBB"),
        )
        assert paid.status_code == 200, paid.text
        refused = await what_if(
            loan, loan_id, {"prepay": "100.00", "on": "2026-08-02"}, auth.member(ic)
        )
    assert refused.status_code == 409, refused.text
    assert "completed" in refused.json()["detail"]


async def test_the_borrower_or_an_officer_asks(loan: RunningService) -> None:
    _, loan_id = await repaying(loan)
    body = {"prepay": "100.00", "on": "2025-09-01"}
    assert (await what_if(loan, loan_id, body, auth.member(random_ic(age=30)))).status_code == 404
    assert (await what_if(loan, loan_id, body, auth.dashboard())).status_code == 403
    assert (await what_if(loan, "no-such-loan", body, auth.officer())).status_code == 404


async def test_the_openapi_declares_the_answers_and_an_example(loan: RunningService) -> None:
    document = (await loan.client.get("/openapi.json")).json()
    operation = document["paths"]["/v1/loans/{loan_id}/what-if"]["post"]
    assert {"200", "404", "409", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert schemas["PrepaymentWhatIfOut"]["examples"][0]["months_left"] == 38
    assert schemas["PrepaymentWhatIfIn"]["examples"] == [{"prepay": "5000.00", "on": "2025-09-01"}]
