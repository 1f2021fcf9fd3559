"""A disbursement takes two officers (CONTRACT.md "Officers and four eyes"; issue 17: "today one
officer alone ... disbursed a loan"). The first officer's request holds; another carries it out."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from services.loan.models import Disbursement, Loan
from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.support import auth
from tests.support.events import EventWatcher
from tests.support.four_eyes import approve
from tests.support.services import RunningService

SEMESTER_ONE = {
    "semester": 1,
    "registration_fee": "500.00",
    "education_fee": "4000.00",
    "allowance": "1000.00",
    "insurance_premium": "50.00",
    "disbursed_on": "2025-08-20",
}


async def disbursed_total(loan: RunningService, loan_id: str) -> str:
    async with loan.runtime.read_sessionmaker() as session:
        found = await session.get(Loan, loan_id)
        assert found is not None
        return f"{found.disbursed_total:.2f}"


async def disbursements(loan: RunningService, loan_id: str) -> int:
    async with loan.runtime.read_sessionmaker() as session:
        query = select(func.count()).where(Disbursement.loan_id == loan_id)
        return int(await session.scalar(query) or 0)


async def ask(loan: RunningService, loan_id: str, by: str = "officer-1") -> dict[str, object]:
    held = await loan.client.post(
        f"{BASE}/{loan_id}/disbursements", json=SEMESTER_ONE, headers=auth.officer(by)
    )
    assert held.status_code == 202, held.text
    return dict(held.json()["approval"])


async def test_the_request_holds_and_changes_nothing_until_another_officer_approves(
    loan: RunningService, nats_url: str
) -> None:
    ic, loan_id = await active_loan(loan)
    async with EventWatcher(nats_url, "loan.>") as watcher:
        approval = await ask(loan, loan_id)
        assert {k: approval[k] for k in ("context", "action", "status", "requested_by")} == {
            "context": "loan",
            "action": "loan.disbursement",
            "status": "pending",
            "requested_by": "officer-1",
        }
        assert approval["amount"] == "5550.00"
        assert approval["summary"] == f"Disburse RM5550.00 for semester 1 of loan {loan_id}"
        # Nothing of the action is visible: not paid, not owed, no schedule.
        assert await disbursed_total(loan, loan_id) == "0.00"
        shown = (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.officer())).json()
        assert [p["id"] for p in shown["pending_approvals"]] == [approval["id"]]
        queue = await loan.client.get(
            f"{BASE}/approvals", params={"status": "pending"}, headers=auth.officer("officer-2")
        )
        assert approval["id"] in [a["id"] for a in queue.json()["items"]]

        done = await loan.client.post(
            f"{BASE}/approvals/{approval['id']}/approve",
            json={"reason": "documents checked"},
            headers=auth.officer("officer-2"),
        )
        assert done.status_code == 200, done.text
        body = done.json()
        assert (body["approval"]["status"], body["approval"]["decided_by"]) == (
            "approved",
            "officer-2",
        )
        result = body["result"]
        assert (result["tuition_to_institution"], result["allowance_to_student"]) == (
            "4500.00",
            "1000.00",
        )
        [disbursed] = await watcher.wait_for(
            lambda e: e["type"] == "loan.disbursed" and e["subject"] == loan_id
        )
        [approved] = await watcher.wait_for(lambda e: e["type"] == "loan.approval.approved")
        [requested] = watcher.matching(lambda e: e["type"] == "loan.approval.requested")
    # The action names both people: the approver acts, the asker asked.
    assert (disbursed["actor"], disbursed["data"]["requested_by"]) == ("officer-2", "officer-1")
    assert (requested["actor"], requested["subject"]) == ("officer-1", approval["id"])
    assert (approved["actor"], approved["data"]["decided_by"]) == ("officer-2", "officer-2")
    assert await disbursed_total(loan, loan_id) == "5550.00"
    shown = (await loan.client.get(f"{BASE}/{loan_id}", headers=auth.member(ic))).json()
    assert shown["pending_approvals"] == []


async def test_the_asker_cannot_decide_their_own_request(loan: RunningService) -> None:
    _, loan_id = await active_loan(loan)
    approval = await ask(loan, loan_id)
    for verb, body in (("approve", {}), ("reject", {"reason": "changed my mind"})):
        refused = await loan.client.post(
            f"{BASE}/approvals/{approval['id']}/{verb}", json=body, headers=auth.officer()
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["type"].endswith("four-eyes")
    still = await loan.client.get(f"{BASE}/approvals/{approval['id']}", headers=auth.officer())
    assert still.json()["status"] == "pending"
    assert await disbursements(loan, loan_id) == 0


async def test_a_rejected_request_is_never_carried_out(loan: RunningService) -> None:
    _, loan_id = await active_loan(loan)
    approval = await ask(loan, loan_id)
    no_reason = await loan.client.post(
        f"{BASE}/approvals/{approval['id']}/reject", json={}, headers=auth.officer("officer-2")
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    rejected = await loan.client.post(
        f"{BASE}/approvals/{approval['id']}/reject",
        json={"reason": "the invoice is for another semester"},
        headers=auth.officer("officer-2"),
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["approval"]["reason"] == "the invoice is for another semester"
    assert rejected.json()["result"] is None
    late = await loan.client.post(
        f"{BASE}/approvals/{approval['id']}/approve", json={}, headers=auth.officer("officer-3")
    )
    assert late.status_code == 409
    assert await disbursements(loan, loan_id) == 0


async def test_a_record_that_changed_meanwhile_refuses_the_approval_which_stays_pending(
    loan: RunningService,
) -> None:
    """The rules are checked again at approval: a result below CGPA 2.00 recorded while the
    second semester's request waited suspends the loan, so the approval is the domain's 409."""
    ic, loan_id = await active_loan(loan)
    held = await loan.client.post(
        f"{BASE}/{loan_id}/disbursements", json=SEMESTER_ONE, headers=auth.officer()
    )
    assert (await approve(loan.client, BASE, held)).status_code == 200
    await loan.client.post(
        f"{BASE}/{loan_id}/results", json={"semester": 1, "cgpa": "2.50"}, headers=auth.member(ic)
    )
    second = {**SEMESTER_ONE, "semester": 2, "registration_fee": "0.00"}
    waiting = await loan.client.post(
        f"{BASE}/{loan_id}/disbursements", json=second, headers=auth.officer()
    )
    assert waiting.status_code == 202, waiting.text
    await loan.client.post(
        f"{BASE}/{loan_id}/results", json={"semester": 2, "cgpa": "1.80"}, headers=auth.member(ic)
    )
    refused = await approve(loan.client, BASE, waiting)
    assert refused.status_code == 409, refused.text
    assert "suspended" in refused.json()["detail"]
    approval_id = waiting.json()["approval"]["id"]
    still = await loan.client.get(f"{BASE}/approvals/{approval_id}", headers=auth.officer())
    assert still.json()["status"] == "pending"
    assert await disbursements(loan, loan_id) == 1


async def test_two_officers_approving_at_once_pay_once(loan: RunningService) -> None:
    _, loan_id = await active_loan(loan)
    approval = await ask(loan, loan_id)
    answers = await asyncio.gather(
        *(
            loan.client.post(
                f"{BASE}/approvals/{approval['id']}/approve", json={}, headers=auth.officer(who)
            )
            for who in ("officer-2", "officer-3", "officer-4")
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409], [a.text for a in answers]
    # Refused by the approval itself, claimed first in the winner's transaction, not by
    # whatever the loan's own rules happen to say about a second payment.
    for lost in (a for a in answers if a.status_code == 409):
        assert lost.json()["detail"].startswith(f"Approval {approval['id']}"), lost.text
    assert await disbursements(loan, loan_id) == 1
    assert await disbursed_total(loan, loan_id) == "5550.00"


async def test_a_request_that_breaks_a_rule_is_refused_at_once_and_holds_nothing(
    loan: RunningService,
) -> None:
    _, loan_id = await active_loan(loan)
    too_much = {**SEMESTER_ONE, "education_fee": "99000.00"}
    refused = await loan.client.post(
        f"{BASE}/{loan_id}/disbursements", json=too_much, headers=auth.officer()
    )
    assert refused.status_code == 422, refused.text
    queue = await loan.client.get(f"{BASE}/approvals", headers=auth.officer("officer-2"))
    assert loan_id not in [a["record_key"] for a in queue.json()["items"]]


async def test_only_officers_see_and_decide_approvals(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    approval = await ask(loan, loan_id)
    for headers in (auth.member(ic), auth.dashboard()):
        assert (await loan.client.get(f"{BASE}/approvals", headers=headers)).status_code == 403
        decided = await loan.client.post(
            f"{BASE}/approvals/{approval['id']}/approve", json={}, headers=headers
        )
        assert decided.status_code == 403


async def test_the_queue_is_paged_oldest_first_without_gaps_or_repeats(
    loan: RunningService,
) -> None:
    asked = []
    for _ in range(3):
        _, loan_id = await active_loan(loan)
        asked.append((await ask(loan, loan_id))["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"status": "pending", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (
            await loan.client.get(f"{BASE}/approvals", params=params, headers=auth.officer())
        ).json()
        assert len(page["items"]) <= 2
        seen.extend(a["id"] for a in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    # The service's clock stands still in tests: equally old requests come in id order.
    assert [a for a in seen if a in asked] == sorted(asked)
    bad = await loan.client.get(
        f"{BASE}/approvals", params={"cursor": "not-ours"}, headers=auth.officer()
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cursor")
    too_many = await loan.client.get(
        f"{BASE}/approvals", params={"limit": "501"}, headers=auth.officer()
    )
    assert too_many.status_code == 422


async def test_a_cursor_of_the_right_shape_but_no_instant_is_422_not_500(
    loan: RunningService,
) -> None:
    """Found reading the change again: the approvals page parsed its cursor itself, and a
    well-formed cursor holding no instant was a 500; it now goes through the one parser."""
    from shared.web.pagination import encode_cursor

    bad = await loan.client.get(
        f"{BASE}/approvals",
        params={"cursor": encode_cursor(["not-an-instant", "x"])},
        headers=auth.officer(),
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cursor")
