"""The loan service against a real database and real NATS: the whole benefit, end to end."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from services.loan.models import Application, Loan, Repayment
from tests.support import auth
from tests.support.builders import random_ic, random_txn_id
from tests.support.events import EventWatcher
from tests.support.four_eyes import with_two_officers
from tests.support.people import person_key
from tests.support.services import RunningService, clock_at

BASE = "/v1/loans"
DOCUMENTS = [
    "passport_photo",
    "birth_certificate",
    "identity_card",
    "academic_results",
    "school_testimonial",
    "offer_letter",
    "registration_confirmation",
    "fee_letter",
]


def application(ic: str, sponsor_id: str, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "applicant_ic": ic,
        "applicant_name": "Nur",
        "sponsor_id": sponsor_id,
        "married": False,
        "level": "degree",
        "institution": "Universiti Malaya",
        "programme": "BEng",
        "in_malaysia": True,
        "full_time": True,
        "months_left": 36,
        "declined_by_other_agency": True,
        "tuition_total": "40000.00",
        "private_institution": False,
        "meets_entry_requirements": True,
        "family_unable_to_pay": True,
        "documents": DOCUMENTS,
    }
    body.update(overrides)
    return body


async def sponsor(svc: RunningService) -> str:
    response = await svc.client.post(
        f"{BASE}/sponsors",
        json={
            "ic": random_ic(age=50),
            "name": "Allahyarham Ahmad",
            "condition": "died_from_employment_injury",
            "benefit": "survivors_pension",
        },
        headers=auth.officer(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def guarantor(svc: RunningService, loan_id: str, ic: str | None = None) -> int:
    response = await svc.client.post(
        f"{BASE}/{loan_id}/guarantors",
        json={
            "ic": ic or random_ic(age=40),
            "name": "G",
            "malaysian": True,
            "permanent_employment": True,
            "years_with_employer": 5,
            "net_monthly_income": "3000.00",
            "relationship": "family",
            "witness": "public_school_headmaster",
        },
        headers=auth.officer(),
    )
    return response.status_code


async def active_loan(svc: RunningService, amount: str = "20000.00") -> tuple[str, str]:
    ic = random_ic(age=19)
    submitted = await svc.client.post(
        f"{BASE}/applications", json=application(ic, await sponsor(svc)), headers=auth.member(ic)
    )
    assert submitted.status_code == 201, submitted.text
    decided = await svc.client.post(
        f"{BASE}/applications/{submitted.json()['id']}/decision",
        json={"approve": True, "amount": amount},
        headers=auth.officer(),
    )
    loan_id = str(decided.json()["loan_id"])
    assert (
        await svc.client.post(
            f"{BASE}/{loan_id}/acceptance",
            json={"accepted_on": "2025-08-01"},
            headers=auth.member(ic),
        )
    ).status_code == 200
    assert await guarantor(svc, loan_id) == 201
    assert await guarantor(svc, loan_id) == 201
    return ic, loan_id


async def test_the_quote_is_as_the_contract_says(loan: RunningService) -> None:
    response = await loan.client.post(
        f"{BASE}/quote",
        json={
            "amount": "12000.00",
            "offer_accepted_on": "2024-03-01",
            "final_disbursement_month": "2027-06",
        },
        headers=auth.member(random_ic()),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "tenure_months",
        "first_instalment_due",
        "service_charge_rate",
        "monthly_instalment",
        "total_payable",
        "guarantors",
    }
    assert (body["tenure_months"], body["first_instalment_due"], body["service_charge_rate"]) == (
        65,
        "2028-06-01",
        "0.02",
    )
    assert body["guarantors"] == {
        "required": 2,
        "min_net_monthly_income": "1500.00",
        "max_age": 50,
        "min_employment_years": 2,
    }
    for bad in (
        {"amount": 12000, "offer_accepted_on": "2024-03-01", "final_disbursement_month": "2027-06"},
        {
            "amount": "12000.00",
            "offer_accepted_on": "2024-03-01",
            "final_disbursement_month": "2027-13",
        },
        {
            "amount": "999.99",
            "offer_accepted_on": "2024-03-01",
            "final_disbursement_month": "2027-06",
        },
    ):
        assert (
            await loan.client.post(f"{BASE}/quote", json=bad, headers=auth.officer())
        ).status_code == 422


async def test_an_ineligible_application_reports_every_code_and_stores_nothing(
    loan: RunningService,
) -> None:
    ic = random_ic(age=19)
    response = await loan.client.post(
        f"{BASE}/applications",
        json=application(ic, await sponsor(loan), married=True, full_time=False, level="masters"),
        headers=auth.member(ic),
    )
    assert response.status_code == 422
    assert {e["code"] for e in response.json()["errors"]} == {
        "married",
        "not-full-time",
        "excluded-programme",
    }
    async with loan.runtime.read_sessionmaker() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Application).where(Application.applicant_ic == ic)
            )
            == 0
        )


async def test_a_member_sees_only_their_own(loan: RunningService, nats_url: str) -> None:
    ic = random_ic(age=19)
    async with EventWatcher(nats_url, "loan.application.submitted") as watcher:
        submitted = await loan.client.post(
            f"{BASE}/applications",
            json=application(ic, await sponsor(loan)),
            headers=auth.member(ic),
        )
        await watcher.wait_for(lambda e: e["subject"] == submitted.json()["id"])
    assert (
        await loan.client.get(
            f"{BASE}/applications/{submitted.json()['id']}", headers=auth.member(random_ic())
        )
    ).status_code == 404
    someone = random_ic(age=19)
    assert (
        await loan.client.post(
            f"{BASE}/applications",
            json=application(someone, await sponsor(loan)),
            headers=auth.member(ic),
        )
    ).status_code == 404


async def test_a_rejection_is_published_for_appeals(loan: RunningService, nats_url: str) -> None:
    ic = random_ic(age=19)
    submitted = await loan.client.post(
        f"{BASE}/applications", json=application(ic, await sponsor(loan)), headers=auth.member(ic)
    )
    async with EventWatcher(nats_url, "loan.application.rejected") as watcher:
        await loan.client.post(
            f"{BASE}/applications/{submitted.json()['id']}/decision",
            json={"approve": False, "reason": "Family able to pay"},
            headers=auth.officer(),
        )
        [event] = await watcher.wait_for(lambda e: e["subject"] == submitted.json()["id"])
    # Issue 16: the rejection carried the full IC; now the person's key and the masked IC.
    assert event["data"]["person_key"] == person_key(ic)
    assert "ic" not in event["data"]
    assert event["data"]["ic_masked"].endswith("-****")


async def test_a_guarantor_guarantees_one_applicant_at_a_time(loan: RunningService) -> None:
    shared_guarantor = random_ic(age=40)
    third_ic = random_ic(age=19)
    submitted = await loan.client.post(
        f"{BASE}/applications",
        json=application(third_ic, await sponsor(loan)),
        headers=auth.member(third_ic),
    )
    decided = await loan.client.post(
        f"{BASE}/applications/{submitted.json()['id']}/decision",
        json={"approve": True, "amount": "5000.00"},
        headers=auth.officer(),
    )
    assert await guarantor(loan, decided.json()["loan_id"], shared_guarantor) == 201
    fourth = random_ic(age=19)
    submitted = await loan.client.post(
        f"{BASE}/applications",
        json=application(fourth, await sponsor(loan)),
        headers=auth.member(fourth),
    )
    decided = await loan.client.post(
        f"{BASE}/applications/{submitted.json()['id']}/decision",
        json={"approve": True, "amount": "5000.00"},
        headers=auth.officer(),
    )
    assert await guarantor(loan, decided.json()["loan_id"], shared_guarantor) == 409


async def test_the_suspension_round_trip_through_nats(loan: RunningService, nats_url: str) -> None:
    ic, loan_id = await active_loan(loan)
    # The journey runs to the counselling in December: each fact recorded after it happened.
    with clock_at(loan, "2025-12-21T10:00:00+08:00"):
        first = {
            "semester": 1,
            "registration_fee": "500.00",
            "education_fee": "4000.00",
            "examination_fee": "200.00",
            "lab_fee": "300.00",
            "allowance": "1000.00",
            "insurance_premium": "50.00",
            "disbursed_on": "2025-09-01",
        }
        async with EventWatcher(nats_url, "loan.>") as watcher:
            assert (
                await with_two_officers(loan.client, BASE, f"/{loan_id}/disbursements", first)
            ).status_code == 200
            no_results = await with_two_officers(
                loan.client,
                BASE,
                f"/{loan_id}/disbursements",
                {**first, "semester": 2, "registration_fee": "0.00"},
            )
            assert no_results.status_code == 422
            assert no_results.json()["errors"][0]["code"] == "previous-results-missing"
            await loan.client.post(
                f"{BASE}/{loan_id}/results",
                json={"semester": 1, "cgpa": "1.85"},
                headers=auth.member(ic),
            )
            # Issue 16: the suspension holds for the very next request, not once a consumer ran.
            raced = await with_two_officers(
                loan.client,
                BASE,
                f"/{loan_id}/disbursements",
                {**first, "semester": 2, "registration_fee": "0.00"},
            )
            assert raced.status_code == 409, raced.text
            await watcher.wait_for(
                lambda e: e["type"] == "loan.cgpa.below_threshold" and e["subject"] == loan_id
            )
            await watcher.wait_for(
                lambda e: e["type"] == "loan.disbursement.suspended" and e["subject"] == loan_id
            )
            async with loan.runtime.read_sessionmaker() as session:
                before = await session.get(Loan, loan_id)
                assert before is not None
                assert before.suspended
                disbursed = before.disbursed_total
            refused = await with_two_officers(
                loan.client,
                BASE,
                f"/{loan_id}/disbursements",
                {**first, "semester": 2, "registration_fee": "0.00"},
            )
            assert refused.status_code == 409
            await loan.client.post(
                f"{BASE}/{loan_id}/counselling",
                json={"attended_on": "2025-12-20", "counsellor": "Puan Zainab"},
                headers=auth.officer(),
            )
            await watcher.wait_for(
                lambda e: e["type"] == "loan.disbursement.reinstated" and e["subject"] == loan_id
            )
            again = await with_two_officers(
                loan.client,
                BASE,
                f"/{loan_id}/disbursements",
                {**first, "semester": 2, "registration_fee": "0.00"},
            )
            assert again.status_code == 200, again.text
            disbursed_events = watcher.matching(
                lambda e: e["type"] == "loan.disbursed" and e["subject"] == loan_id
            )
        async with loan.runtime.read_sessionmaker() as session:
            after = await session.get(Loan, loan_id)
            assert after is not None
            # Issue 16: what is paid out is owed, allowance and insurance premium included.
        assert after.disbursed_total == disbursed + 4500 + 1000 + 50
        assert len(disbursed_events) >= 1


async def test_final_disbursement_schedule_and_maybank_repayments_exactly_once(
    loan: RunningService,
) -> None:
    ic, loan_id = await active_loan(loan, "12000.00")
    # The journey runs to the EPF withdrawal of October 2026: each fact recorded after it happened.
    with clock_at(loan, "2026-10-02T10:00:00+08:00"):
        body = {
            "semester": 1,
            "registration_fee": "0.00",
            "education_fee": "12000.00",
            "final": True,
            "disbursed_on": "2025-09-15",
        }
        assert (
            await with_two_officers(loan.client, BASE, f"/{loan_id}/disbursements", body)
        ).status_code == 200
        schedule = (
            await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))
        ).json()
        assert schedule["instalments"][0]["due_on"] == "2026-09-01"
        assert len(schedule["instalments"]) == 65
        assert (
            f"{sum(Decimal(i['amount']) for i in schedule['instalments']):.2f}"
            == schedule["total_payable"]
        )
        txn = random_txn_id()
        payment = {
            "bank_txn_id": txn,
            "loan_account": loan_id,
            "amount": "194.95",
            "paid_at": "2026-09-01T09:00:00+08:00",
        }
        first = await loan.client.post(
            f"{BASE}/repayments/callbacks/MBB", json=payment, headers=auth.bank("MBB")
        )
        again = await loan.client.post(
            f"{BASE}/repayments/callbacks/MBB", json=payment, headers=auth.bank("MBB")
        )
        assert first.status_code == 200, first.text
        assert first.json() == again.json()
        changed = await loan.client.post(
            f"{BASE}/repayments/callbacks/MBB",
            json={**payment, "amount": "1.00"},
            headers=auth.bank("MBB"),
        )
        assert changed.status_code == 409
        other_bank = await loan.client.post(
            f"{BASE}/repayments/callbacks/CIMB",
            json={**payment, "bank_txn_id": random_txn_id()},
            headers=auth.bank("CIMB"),
        )
        assert other_bank.status_code == 422
        assert other_bank.json()["errors"][0]["code"] == "maybank-only"
        epf = await loan.client.post(
            f"{BASE}/{loan_id}/epf-withdrawals",
            json={
                "epf_reference": random_txn_id(),
                "amount": "500.00",
                "received_at": "2026-10-01T09:00:00+08:00",
            },
            headers=auth.officer(),
        )
        assert epf.json()["source"] == "epf"
        async with loan.runtime.read_sessionmaker() as session:
            assert (
                await session.scalar(
                    select(func.count()).select_from(Repayment).where(Repayment.bank_txn_id == txn)
                )
                == 1
            )
            current = await session.get(Loan, loan_id)
            assert current is not None
            assert current.repaid_total == Decimal("694.95")


async def test_scholarship_conversion(loan: RunningService) -> None:
    _, loan_id = await active_loan(loan)
    # Issue 16: conversion was accepted while the loan was still disbursing.
    too_early = await loan.client.post(
        f"{BASE}/{loan_id}/scholarship",
        json={"final_cgpa": "3.80", "completed_in_time": True},
        headers=auth.officer(),
    )
    assert too_early.status_code == 409, too_early.text
    final = {
        "semester": 1,
        "registration_fee": "0.00",
        "education_fee": "4000.00",
        "final": True,
        "disbursed_on": "2025-08-20",
    }
    assert (
        await with_two_officers(loan.client, BASE, f"/{loan_id}/disbursements", final)
    ).status_code == 200
    refused = await loan.client.post(
        f"{BASE}/{loan_id}/scholarship",
        json={"final_cgpa": "3.20", "completed_in_time": True},
        headers=auth.officer(),
    )
    assert refused.status_code == 422
    converted = await loan.client.post(
        f"{BASE}/{loan_id}/scholarship",
        json={"final_cgpa": "3.80", "completed_in_time": True},
        headers=auth.officer(),
    )
    assert converted.json()["status"] == "scholarship"


async def test_bad_inputs_are_422_and_store_nothing(loan: RunningService) -> None:
    ic = random_ic(age=19)
    sponsor_id = await sponsor(loan)
    for bad in (
        application(ic, sponsor_id, tuition_total=4000.5),
        application(ic, sponsor_id, applicant_ic="990230145678"),
        {**application(ic, sponsor_id), "surprise": True},
        application(ic, sponsor_id, level="astronaut"),
    ):
        assert (
            await loan.client.post(f"{BASE}/applications", json=bad, headers=auth.officer())
        ).status_code == 422
    async with loan.runtime.read_sessionmaker() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Application).where(Application.applicant_ic == ic)
            )
            == 0
        )
