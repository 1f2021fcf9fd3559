"""Money paid out of the dialysis scheme takes two officers (CONTRACT.md "Officers and four
eyes"; issue 17: "today one officer alone approved and paid a dialysis bill, paid a
reimbursement"): a bill to a centre, a claim to a patient, a grant to a centre."""

from __future__ import annotations

from sqlalchemy import func, select

from services.dialysis.models import Grant
from tests.dialysis.integration.test_dialysis_api import BASE, approved_treatment, centre
from tests.support import auth
from tests.support.events import EventWatcher
from tests.support.four_eyes import approve
from tests.support.services import RunningService


async def approved_bill(dialysis: RunningService, nats_url: str) -> tuple[str, str]:
    centre_id = await centre(dialysis)
    _, treatment_id = await approved_treatment(dialysis, nats_url, centre_id)
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-14", "2025-07-16"]},
        headers=auth.centre(centre_id),
    )
    assert bill.status_code == 201, bill.text
    bill_id = str(bill.json()["id"])
    approved = await dialysis.client.post(f"{BASE}/bills/{bill_id}/approve", headers=auth.officer())
    assert approved.status_code == 200, approved.text
    return centre_id, bill_id


async def test_a_bill_is_paid_only_when_a_second_officer_approves(
    dialysis: RunningService, nats_url: str
) -> None:
    centre_id, bill_id = await approved_bill(dialysis, nats_url)
    amount = (await dialysis.client.get(f"{BASE}/bills/{bill_id}", headers=auth.officer())).json()[
        "amount"
    ]
    async with EventWatcher(nats_url, "dialysis.>") as watcher:
        held = await dialysis.client.post(f"{BASE}/bills/{bill_id}/pay", headers=auth.officer())
        assert held.status_code == 202, held.text
        approval = held.json()["approval"]
        assert (approval["action"], approval["amount"], approval["record_key"]) == (
            "dialysis.bill.payment",
            amount,
            bill_id,
        )
        assert approval["summary"] == f"Pay bill {bill_id} to centre {centre_id}: RM{amount}"
        shown = (
            await dialysis.client.get(f"{BASE}/bills/{bill_id}", headers=auth.officer())
        ).json()
        assert shown["status"] == "approved"  # not paid
        assert [p["id"] for p in shown["pending_approvals"]] == [approval["id"]]

        paid = await approve(dialysis.client, BASE, held)
        assert paid.status_code == 200, paid.text
        assert paid.json()["result"]["status"] == "paid"
        [event] = await watcher.wait_for(
            lambda e: e["type"] == "dialysis.claim.paid" and e["subject"] == bill_id
        )
    assert (event["actor"], event["data"]["requested_by"]) == ("officer-2", "officer-1")
    shown = (await dialysis.client.get(f"{BASE}/bills/{bill_id}", headers=auth.officer())).json()
    assert (shown["status"], shown["pending_approvals"]) == ("paid", [])


async def test_a_second_request_for_a_bill_paid_meanwhile_is_refused_and_stays_pending(
    dialysis: RunningService, nats_url: str
) -> None:
    _, bill_id = await approved_bill(dialysis, nats_url)
    first = await dialysis.client.post(f"{BASE}/bills/{bill_id}/pay", headers=auth.officer())
    second = await dialysis.client.post(
        f"{BASE}/bills/{bill_id}/pay", headers=auth.officer("officer-3")
    )
    assert (first.status_code, second.status_code) == (202, 202)
    assert (await approve(dialysis.client, BASE, first)).status_code == 200
    again = await approve(dialysis.client, BASE, second)
    assert again.status_code == 409, again.text
    still = await dialysis.client.get(
        f"{BASE}/approvals/{second.json()['approval']['id']}", headers=auth.officer()
    )
    assert still.json()["status"] == "pending"


async def test_a_bill_not_yet_approved_cannot_even_be_asked_for(
    dialysis: RunningService, nats_url: str
) -> None:
    centre_id = await centre(dialysis)
    _, treatment_id = await approved_treatment(dialysis, nats_url, centre_id)
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-21"]},
        headers=auth.centre(centre_id),
    )
    refused = await dialysis.client.post(
        f"{BASE}/bills/{bill.json()['id']}/pay", headers=auth.officer()
    )
    assert refused.status_code == 409, refused.text
    pending = await dialysis.client.get(f"{BASE}/bills/{bill.json()['id']}", headers=auth.officer())
    assert pending.json()["pending_approvals"] == []


async def test_a_reimbursement_is_paid_by_two_officers(
    dialysis: RunningService, nats_url: str
) -> None:
    panel = await centre(dialysis)
    hospital = await centre(dialysis, kind="government_hospital")
    ic, treatment_id = await approved_treatment(dialysis, nats_url, panel)
    claim = await dialysis.client.post(
        f"{BASE}/claims/reimbursements",
        json={
            "treatment_id": treatment_id,
            "sessions": [
                {"session_date": "2025-07-28", "amount_paid": "150.00", "centre_id": hospital}
            ],
        },
        headers=auth.member(ic),
    )
    claim_id = claim.json()["id"]
    held = await dialysis.client.post(f"{BASE}/claims/{claim_id}/pay", headers=auth.officer())
    assert held.status_code == 202, held.text
    assert held.json()["approval"]["amount"] == "150.00"
    listed = await dialysis.client.get(f"{BASE}/claims", headers=auth.member(ic))
    [mine] = [c for c in listed.json()["items"] if c["id"] == claim_id]
    assert mine["status"] != "paid"
    assert [p["action"] for p in mine["pending_approvals"]] == ["dialysis.claim.payment"]
    own = await approve(dialysis.client, BASE, held, by="officer-1")
    assert own.status_code == 403
    paid = await approve(dialysis.client, BASE, held)
    assert paid.status_code == 200, paid.text
    assert paid.json()["result"]["status"] == "paid"


async def test_a_grant_to_a_centre_takes_two_officers(dialysis: RunningService) -> None:
    panel = await centre(dialysis)
    held = await dialysis.client.post(
        f"{BASE}/centres/{panel}/grants",
        json={"amount": "25000.00", "reason": "flood damage", "approved_on": "2025-08-01"},
        headers=auth.officer(),
    )
    assert held.status_code == 202, held.text
    assert held.json()["approval"]["summary"] == f"Grant RM25000.00 to centre {panel}"
    async with dialysis.runtime.read_sessionmaker() as session:
        query = select(func.count()).select_from(Grant).where(Grant.centre_id == panel)
        assert await session.scalar(query) == 0
    listed = await dialysis.client.get(
        f"{BASE}/centres", params={"limit": "500"}, headers=auth.officer()
    )
    [shown] = [c for c in listed.json()["items"] if c["id"] == panel]
    assert [p["amount"] for p in shown["pending_approvals"]] == ["25000.00"]
    granted = await approve(dialysis.client, BASE, held)
    assert granted.status_code == 200, granted.text
    assert (granted.json()["result"]["amount"], granted.json()["result"]["approved_by"]) == (
        "25000.00",
        "officer-2",
    )
    async with dialysis.runtime.read_sessionmaker() as session:
        assert await session.scalar(query) == 1
