"""Every command that takes two officers, the whole journey through the gateway (CONTRACT.md
"Officers and four eyes"; the README's "Four eyes": "Money paid out takes two officers: a loan
disbursement, a dialysis bill or claim payment, a grant to a centre"). Each record is built
through the front door as its clients build it; officer-1 asks, and nothing is done until
officer-2 approves. Then the record shows the action, a second approval is 409, and the record's
history names both officers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.gateway.conftest import Stack
from tests.gateway.integration.test_four_eyes import ask_grant, new_centre
from tests.gateway.integration.test_front_door import member_with_contributions
from tests.support.builders import random_ic

LOANS = "/v1/loans"
DIALYSIS = "/v1/dialysis"
BILLING_CENTRE = "C042"  # centre-42's own centre: the client that bills it
SEMESTER_ONE = {
    "semester": 1,
    "registration_fee": "500.00",
    "education_fee": "4000.00",
    "allowance": "1000.00",
    "insurance_premium": "50.00",
    "disbursed_on": "2025-08-20",
}
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


async def officer(stack: Stack, who: str = "officer-1") -> dict[str, str]:
    return await stack.headers(who)


async def member(stack: Stack, ic: str) -> dict[str, str]:
    return await stack.headers("mobile-app", ic=ic)


# --- the records, built through the gateway ---------------------------------------------------


async def active_loan(stack: Stack) -> tuple[str, str]:
    """A loan offered, accepted and guaranteed: a sponsor and an application's approval by an
    officer, the student's acceptance, two guarantors (as the loan service's own tests build it)."""
    ic = random_ic(age=19)
    sponsor = await stack.client.post(
        f"{LOANS}/sponsors",
        json={
            "ic": random_ic(age=50),
            "name": "Allahyarham Ahmad",
            "condition": "died_from_employment_injury",
            "benefit": "survivors_pension",
        },
        headers=await officer(stack),
    )
    assert sponsor.status_code == 201, sponsor.text
    submitted = await stack.client.post(
        f"{LOANS}/applications",
        json={
            "applicant_ic": ic,
            "applicant_name": "Nur",
            "sponsor_id": sponsor.json()["id"],
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
        },
        headers=await member(stack, ic),
    )
    assert submitted.status_code == 201, submitted.text
    decided = await stack.client.post(
        f"{LOANS}/applications/{submitted.json()['id']}/decision",
        json={"approve": True, "amount": "20000.00"},
        headers=await officer(stack),
    )
    assert decided.status_code == 200, decided.text
    loan_id = str(decided.json()["loan_id"])
    accepted = await stack.client.post(
        f"{LOANS}/{loan_id}/acceptance",
        json={"accepted_on": "2025-08-01"},
        headers=await member(stack, ic),
    )
    assert accepted.status_code == 200, accepted.text
    for _ in range(2):
        guarantor = await stack.client.post(
            f"{LOANS}/{loan_id}/guarantors",
            json={
                "ic": random_ic(age=40),
                "name": "G",
                "malaysian": True,
                "permanent_employment": True,
                "years_with_employer": 5,
                "net_monthly_income": "3000.00",
                "relationship": "family",
                "witness": "public_school_headmaster",
            },
            headers=await officer(stack),
        )
        assert guarantor.status_code == 201, guarantor.text
    return ic, loan_id


async def panel_centre(stack: Stack, centre_id: str | None = None) -> str:
    """A private centre appointed to the panel; `centre_id` when given (C042 is registered once
    per run and then reused), a fresh one otherwise."""
    centre_id = centre_id or "C" + uuid.uuid4().hex[:8].upper()
    created = await stack.client.post(
        f"{DIALYSIS}/centres",
        json={
            "id": centre_id,
            "name": "Pusat Dialisis Amal",
            "kind": "non_panel_private",
            "state": "SGR",
            "machines": 12,
            "shifts_per_day": 3,
        },
        headers=await officer(stack),
    )
    assert created.status_code in (201, 409), created.text
    [centre] = [c for c in await centres(stack) if c["id"] == centre_id]
    if centre["panel_valid_from"] is None:
        appointed = await stack.client.post(
            f"{DIALYSIS}/centres/{centre_id}/appointment",
            json={"valid_from": "2025-01-01"},
            headers=await officer(stack),
        )
        assert appointed.status_code == 200, appointed.text
    return centre_id


async def hospital(stack: Stack) -> str:
    centre_id = "H" + uuid.uuid4().hex[:8].upper()
    created = await stack.client.post(
        f"{DIALYSIS}/centres",
        json={
            "id": centre_id,
            "name": "Hospital Kuala Lumpur",
            "kind": "government_hospital",
            "state": "KUL",
            "machines": 20,
            "shifts_per_day": 3,
        },
        headers=await officer(stack),
    )
    assert created.status_code == 201, created.text
    return centre_id


async def centres(stack: Stack) -> list[dict[str, Any]]:
    """Every centre, all pages."""
    found: list[dict[str, Any]] = []
    params = {"limit": "500"}
    while True:
        listed = await stack.client.get(
            f"{DIALYSIS}/centres", params=params, headers=await officer(stack)
        )
        assert listed.status_code == 200, listed.text
        found.extend(listed.json()["items"])
        if listed.json()["next_cursor"] is None:
            return found
        params = {**params, "cursor": listed.json()["next_cursor"]}


async def insured_member(stack: Stack) -> str:
    """A member the dialysis service knows to be insured: their employer's submission accepted by
    the contribution service, whose contribution.submission.accepted the dialysis service reads."""
    ic, _ = await member_with_contributions(stack)
    headers = await officer(stack)
    for _ in range(300):  # the consumer may be reading the session's earlier events first
        person = await stack.client.get(f"{DIALYSIS}/insured-persons/{ic}", headers=headers)
        assert person.status_code == 200, person.text
        if person.json()["insured"] is not None:
            return ic
        await asyncio.sleep(0.1)
    raise AssertionError("the dialysis service never learnt that the member is insured")


async def approved_treatment(stack: Stack, centre_id: str) -> tuple[str, str]:
    ic = await insured_member(stack)
    requested = await stack.client.post(
        f"{DIALYSIS}/treatments",
        json={"ic": ic, "centre_id": centre_id, "diagnosis": "ESRF", "modality": "haemodialysis"},
        headers=await member(stack, ic),
    )
    assert requested.status_code == 201, requested.text
    treatment_id = str(requested.json()["id"])
    decided = await stack.client.post(
        f"{DIALYSIS}/treatments/{treatment_id}/decision",
        json={"approve": True, "starts_on": "2025-07-01"},
        headers=await officer(stack),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "approved"
    return ic, treatment_id


async def approved_bill(stack: Stack) -> str:
    """centre-42 bills two sessions of its patient's approved treatment; an officer approves it."""
    centre_id = await panel_centre(stack, BILLING_CENTRE)
    _, treatment_id = await approved_treatment(stack, centre_id)
    bill = await stack.client.post(
        f"{DIALYSIS}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-08-04", "2025-08-06"]},
        headers=await stack.headers("centre-42"),
    )
    assert bill.status_code == 201, bill.text
    bill_id = str(bill.json()["id"])
    approved = await stack.client.post(
        f"{DIALYSIS}/bills/{bill_id}/approve", headers=await officer(stack)
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    return bill_id


async def reimbursement(stack: Stack) -> tuple[str, str]:
    """A patient's claim for a session at a government hospital (the member's own, through the
    mobile app); the patient's IC and the claim."""
    ic, treatment_id = await approved_treatment(stack, await panel_centre(stack))
    claim = await stack.client.post(
        f"{DIALYSIS}/claims/reimbursements",
        json={
            "treatment_id": treatment_id,
            "sessions": [
                {
                    "session_date": "2025-08-11",
                    "amount_paid": "150.00",
                    "centre_id": await hospital(stack),
                }
            ],
        },
        headers=await member(stack, ic),
    )
    assert claim.status_code == 201, claim.text
    return ic, str(claim.json()["id"])


async def grants_made(stack: Stack, month: str = "2025-08") -> int:
    report = await stack.client.get(
        f"{DIALYSIS}/reports/monthly", params={"month": month}, headers=await officer(stack)
    )
    assert report.status_code == 200, report.text
    return sum(int(m["grants_made"]) for m in report.json())


# --- four eyes ----------------------------------------------------------------------------------


async def ask(stack: Stack, path: str, json: Any = None) -> dict[str, Any]:
    """officer-1's request: 202, pending, named after them."""
    held = await stack.client.post(path, json=json, headers=await officer(stack))
    assert held.status_code == 202, held.text
    approval = dict(held.json()["approval"])
    assert (approval["status"], approval["requested_by"]) == ("pending", "officer-1")
    assert approval["decided_by"] is None
    return approval


async def decide(stack: Stack, prefix: str, approval_id: str, by: str) -> httpx.Response:
    return await stack.client.post(
        f"{prefix}/approvals/{approval_id}/approve", json={}, headers=await officer(stack, by)
    )


async def approved_by_officer_2(
    stack: Stack, prefix: str, approval: dict[str, Any]
) -> dict[str, Any]:
    """The asker may not approve their own (403 four-eyes); officer-2 does (200, the action's
    answer as `result`); approving it again, by anyone, is 409. The action's answer."""
    own = await decide(stack, prefix, approval["id"], "officer-1")
    assert own.status_code == 403, own.text
    assert own.json()["type"].endswith("four-eyes")
    done = await decide(stack, prefix, approval["id"], "officer-2")
    assert done.status_code == 200, done.text
    body = done.json()
    assert {k: body["approval"][k] for k in ("id", "status", "requested_by", "decided_by")} == {
        "id": approval["id"],
        "status": "approved",
        "requested_by": "officer-1",
        "decided_by": "officer-2",
    }
    for who in ("officer-2", "officer-3"):
        again = await decide(stack, prefix, approval["id"], who)
        assert again.status_code == 409, again.text
        assert again.json()["detail"] == f"Approval {approval['id']} was already approved"
    return dict(body["result"])


async def history(stack: Stack, path: str) -> list[dict[str, Any]]:
    found = await stack.client.get(f"{path}/history", headers=await officer(stack, "officer-3"))
    assert found.status_code == 200, found.text
    assert found.json()["next_cursor"] is None
    return list(found.json()["items"])


def assert_asked_by_officer_1_and_done_by_officer_2(
    items: list[dict[str, Any]], context: str, action_event: str
) -> None:
    """The history holds the request, its approval and the action, once each and in that order."""
    wanted = {f"{context}.approval.requested", f"{context}.approval.approved", action_event}
    assert [f"{i['event_type']} by {i['actor']}" for i in items if i["event_type"] in wanted] == [
        f"{context}.approval.requested by officer-1",
        f"{context}.approval.approved by officer-2",
        f"{action_event} by officer-2",
    ]


def without_pending(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "pending_approvals"}


def pending_ids(record: dict[str, Any]) -> list[str]:
    return [p["id"] for p in record["pending_approvals"]]


async def read(stack: Stack, path: str) -> dict[str, Any]:
    found = await stack.client.get(path, headers=await officer(stack, "officer-3"))
    assert found.status_code == 200, found.text
    return dict(found.json())


# --- the journeys -------------------------------------------------------------------------------


async def test_a_loan_disbursement_asked_by_one_officer_is_paid_when_another_approves(
    stack: Stack,
) -> None:
    _, loan_id = await active_loan(stack)
    before = await read(stack, f"{LOANS}/{loan_id}")
    approval = await ask(stack, f"{LOANS}/{loan_id}/disbursements", SEMESTER_ONE)
    assert (approval["context"], approval["action"], approval["record_key"]) == (
        "loan",
        "loan.disbursement",
        loan_id,
    )
    assert approval["amount"] == "5550.00"
    waiting = await read(stack, f"{LOANS}/{loan_id}")
    assert without_pending(waiting) == without_pending(before)
    assert waiting["disbursed_total"] == "0.00"
    assert pending_ids(waiting) == [approval["id"]]

    result = await approved_by_officer_2(stack, LOANS, approval)
    assert (result["tuition_to_institution"], result["allowance_to_student"]) == (
        "4500.00",
        "1000.00",
    )
    done = await read(stack, f"{LOANS}/{loan_id}")
    assert (done["disbursed_total"], done["pending_approvals"]) == ("5550.00", [])
    items = await history(stack, f"{LOANS}/{loan_id}")
    assert_asked_by_officer_1_and_done_by_officer_2(items, "loan", "loan.disbursed")
    [requested] = [i for i in items if i["event_type"] == "loan.approval.requested"]
    assert "action loan.disbursement" in requested["summary"]


async def test_a_dialysis_bill_asked_for_by_one_officer_is_paid_when_another_approves(
    stack: Stack,
) -> None:
    bill_id = await approved_bill(stack)
    before = await read(stack, f"{DIALYSIS}/bills/{bill_id}")
    amount = before["amount"]
    approval = await ask(stack, f"{DIALYSIS}/bills/{bill_id}/pay")
    assert (approval["context"], approval["action"], approval["record_key"]) == (
        "dialysis",
        "dialysis.bill.payment",
        bill_id,
    )
    assert approval["amount"] == amount
    assert approval["summary"] == f"Pay bill {bill_id} to centre {BILLING_CENTRE}: RM{amount}"
    waiting = await read(stack, f"{DIALYSIS}/bills/{bill_id}")
    assert without_pending(waiting) == without_pending(before)
    assert waiting["status"] == "approved"  # not paid
    assert pending_ids(waiting) == [approval["id"]]

    result = await approved_by_officer_2(stack, DIALYSIS, approval)
    assert (result["id"], result["status"]) == (bill_id, "paid")
    done = await read(stack, f"{DIALYSIS}/bills/{bill_id}")
    assert (done["status"], done["pending_approvals"]) == ("paid", [])
    # The centre sees its own bill paid too.
    own = await stack.client.get(
        f"{DIALYSIS}/bills/{bill_id}", headers=await stack.headers("centre-42")
    )
    assert own.json()["status"] == "paid"
    items = await history(stack, f"{DIALYSIS}/bills/{bill_id}")
    assert_asked_by_officer_1_and_done_by_officer_2(items, "dialysis", "dialysis.claim.paid")
    assert [i["event_type"] for i in items][:2] == [
        "dialysis.bill.submitted",
        "dialysis.bill.approved",
    ]


async def test_a_reimbursement_asked_for_by_one_officer_is_paid_when_another_approves(
    stack: Stack,
) -> None:
    ic, claim_id = await reimbursement(stack)
    before = await read(stack, f"{DIALYSIS}/claims/{claim_id}")
    approval = await ask(stack, f"{DIALYSIS}/claims/{claim_id}/pay")
    assert (approval["context"], approval["action"], approval["record_key"]) == (
        "dialysis",
        "dialysis.claim.payment",
        claim_id,
    )
    assert approval["amount"] == "150.00"
    waiting = await read(stack, f"{DIALYSIS}/claims/{claim_id}")
    assert without_pending(waiting) == without_pending(before)
    assert waiting["status"] != "paid"
    assert pending_ids(waiting) == [approval["id"]]
    # The patient sees the payment waiting on their claim.
    mine = await stack.client.get(f"{DIALYSIS}/claims/{claim_id}", headers=await member(stack, ic))
    assert pending_ids(mine.json()) == [approval["id"]]

    result = await approved_by_officer_2(stack, DIALYSIS, approval)
    assert (result["id"], result["status"]) == (claim_id, "paid")
    done = await read(stack, f"{DIALYSIS}/claims/{claim_id}")
    assert (done["status"], done["pending_approvals"]) == ("paid", [])
    items = await history(stack, f"{DIALYSIS}/claims/{claim_id}")
    assert_asked_by_officer_1_and_done_by_officer_2(items, "dialysis", "dialysis.claim.paid")


async def test_a_grant_asked_for_by_one_officer_is_made_when_another_approves(
    stack: Stack,
) -> None:
    centre_id = await new_centre(stack)
    before = await grants_made(stack)
    approval = await ask_grant(stack, centre_id, "18000.00")
    assert (approval["status"], approval["action"], approval["record_key"]) == (
        "pending",
        "dialysis.grant",
        centre_id,
    )
    [waiting] = [c for c in await centres(stack) if c["id"] == centre_id]
    assert pending_ids(waiting) == [approval["id"]]
    assert await grants_made(stack) == before

    result = await approved_by_officer_2(stack, DIALYSIS, approval)
    assert (result["centre_id"], result["amount"], result["approved_by"]) == (
        centre_id,
        "18000.00",
        "officer-2",
    )
    [done] = [c for c in await centres(stack) if c["id"] == centre_id]
    assert done["pending_approvals"] == []
    assert await grants_made(stack) == before + 1


# --- two approvers at once ----------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    """A request officer-1 asked for, and how many times its action has been done."""

    prefix: str
    approval: dict[str, Any]
    times_done: Callable[[], Awaitable[int]]


async def held_disbursement(stack: Stack) -> Held:
    _, loan_id = await active_loan(stack)
    approval = await ask(stack, f"{LOANS}/{loan_id}/disbursements", SEMESTER_ONE)

    async def times_done() -> int:
        events = await history(stack, f"{LOANS}/{loan_id}")
        count = sum(i["event_type"] == "loan.disbursed" for i in events)
        disbursed = (await read(stack, f"{LOANS}/{loan_id}"))["disbursed_total"]
        assert Decimal(disbursed) == count * Decimal("5550.00")
        return count

    return Held(LOANS, approval, times_done)


async def held_bill_payment(stack: Stack) -> Held:
    bill_id = await approved_bill(stack)
    approval = await ask(stack, f"{DIALYSIS}/bills/{bill_id}/pay")

    async def times_done() -> int:
        events = await history(stack, f"{DIALYSIS}/bills/{bill_id}")
        return sum(i["event_type"] == "dialysis.claim.paid" for i in events)

    return Held(DIALYSIS, approval, times_done)


async def held_claim_payment(stack: Stack) -> Held:
    _, claim_id = await reimbursement(stack)
    approval = await ask(stack, f"{DIALYSIS}/claims/{claim_id}/pay")

    async def times_done() -> int:
        events = await history(stack, f"{DIALYSIS}/claims/{claim_id}")
        return sum(i["event_type"] == "dialysis.claim.paid" for i in events)

    return Held(DIALYSIS, approval, times_done)


async def held_grant(stack: Stack) -> Held:
    """A grant's own rules would allow a second one: only the approval stops it being paid twice."""
    centre_id = await new_centre(stack)
    before = await grants_made(stack)
    approval = await ask_grant(stack, centre_id, "9000.00")

    async def times_done() -> int:
        return await grants_made(stack) - before

    return Held(DIALYSIS, approval, times_done)


@pytest.mark.parametrize(
    "held_for",
    [held_disbursement, held_bill_payment, held_claim_payment, held_grant],
    ids=["disbursement", "bill", "claim", "grant"],
)
async def test_two_officers_approving_the_same_request_at_once_carry_it_out_once(
    stack: Stack, held_for: Callable[[Stack], Awaitable[Held]]
) -> None:
    held = await held_for(stack)
    approval_id = held.approval["id"]
    assert await held.times_done() == 0
    second, third = await officer(stack, "officer-2"), await officer(stack, "officer-3")
    answers = await asyncio.gather(
        *(
            stack.client.post(
                f"{held.prefix}/approvals/{approval_id}/approve", json={}, headers=headers
            )
            for headers in (second, third)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    [won] = [a for a in answers if a.status_code == 200]
    [lost] = [a for a in answers if a.status_code == 409]
    # Refused by the approval itself, not by whatever the record's rules say about a second time.
    assert lost.json()["detail"].startswith(f"Approval {approval_id}"), lost.text
    assert won.json()["approval"]["decided_by"] in ("officer-2", "officer-3")
    assert await held.times_done() == 1
    shown = await stack.client.get(
        f"{held.prefix}/approvals/{approval_id}", headers=await officer(stack)
    )
    assert (shown.json()["status"], shown.json()["decided_by"]) == (
        "approved",
        won.json()["approval"]["decided_by"],
    )
