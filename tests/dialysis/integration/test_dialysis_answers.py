"""Answers that show their records whole, and problems of one shape (issue 16)."""

from __future__ import annotations

from tests.dialysis.integration.test_dialysis_api import BASE, approved_treatment, centre
from tests.support import auth
from tests.support.services import RunningService


async def test_a_bills_approval_and_payment_answer_with_its_sessions(
    dialysis: RunningService, nats_url: str
) -> None:
    """They answered `sessions: []`; a 409 for a session billed twice named no field."""
    centre_id = await centre(dialysis)
    _, treatment_id = await approved_treatment(dialysis, nats_url, centre_id)
    dates = ["2025-07-14", "2025-07-16"]
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": dates},
        headers=auth.centre(centre_id),
    )
    assert bill.status_code == 201, bill.text
    twice = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-16"]},
        headers=auth.centre(centre_id),
    )
    assert twice.status_code == 409
    assert [e["field"] for e in twice.json()["errors"]] == ["session_dates"]
    assert "already billed" in twice.json()["errors"][0]["message"]
    bill_id = bill.json()["id"]
    approved = await dialysis.client.post(f"{BASE}/bills/{bill_id}/approve", headers=auth.officer())
    paid = await dialysis.client.post(f"{BASE}/bills/{bill_id}/pay", headers=auth.officer())
    for answer in (approved, paid):
        assert [s["service_date"] for s in answer.json()["sessions"]] == dates


async def test_claims_are_listed_with_the_sessions_they_paid(
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
    assert claim.status_code == 201, claim.text
    listed = await dialysis.client.get(f"{BASE}/claims", headers=auth.member(ic))
    mine = next(c for c in listed.json() if c["id"] == claim.json()["id"])
    assert [(i["service_date"], i["approved"]) for i in mine["items"]] == [("2025-07-28", "150.00")]
