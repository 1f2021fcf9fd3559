"""Answers that show their records whole, and problems of one shape (issue 16)."""

from __future__ import annotations

from tests.dialysis.integration.test_dialysis_api import BASE, approved_treatment, centre, insured
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.four_eyes import with_two_officers
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
    paid = await with_two_officers(dialysis.client, BASE, f"/bills/{bill_id}/pay")
    for answer in (approved.json(), paid.json()["result"]):
        assert [s["service_date"] for s in answer["sessions"]] == dates


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
    mine = next(c for c in listed.json()["items"] if c["id"] == claim.json()["id"])
    assert [(i["service_date"], i["approved"]) for i in mine["items"]] == [("2025-07-28", "150.00")]


async def _treatment(dialysis: RunningService, nats_url: str, centre_id: str, modality: str) -> str:
    ic = random_ic()
    await insured(dialysis, nats_url, ic)
    requested = await dialysis.client.post(
        f"{BASE}/treatments",
        json={"ic": ic, "centre_id": centre_id, "diagnosis": "ESRF", "modality": modality},
        headers=auth.member(ic),
    )
    assert requested.status_code == 201, requested.text
    treatment_id = str(requested.json()["id"])
    approved = await dialysis.client.post(
        f"{BASE}/treatments/{treatment_id}/decision",
        json={"approve": True, "starts_on": "2025-07-01"},
        headers=auth.officer(),
    )
    assert approved.status_code == 200, approved.text
    return treatment_id


async def test_capd_is_billed_by_the_month_at_the_rate_cards_capd_rate(
    dialysis: RunningService, nats_url: str
) -> None:
    """Issue 16: CAPD was billed as haemodialysis sessions at the session rate."""
    centre_id = await centre(dialysis)
    treatment_id = await _treatment(dialysis, nats_url, centre_id, "capd")
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-31", "2025-08-01"]},
        headers=auth.centre(centre_id),
    )
    assert bill.status_code == 201, bill.text
    assert bill.json()["amount"] == "5200.00"  # two months at the 2025 card's RM2,600
    same_month = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-08-15"]},
        headers=auth.centre(centre_id),
    )
    assert same_month.status_code == 409


async def test_an_ngo_centre_bills_perkeso_for_the_free_treatment_it_gives(
    dialysis: RunningService, nats_url: str
) -> None:
    """ "provided free of charge at ... centres run by either NGOs": nobody could be paid for it."""
    ngo = await centre(dialysis, kind="ngo", appoint=False)
    treatment_id = await _treatment(dialysis, nats_url, ngo, "haemodialysis")
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-08"]},
        headers=auth.centre(ngo),
    )
    assert bill.status_code == 201, bill.text
    assert bill.json()["amount"] == "160.00"


async def test_the_monthly_report_answers_for_the_month_asked(
    dialysis: RunningService, nats_url: str
) -> None:
    """Issue 16: `?month=` was ignored."""
    await approved_treatment(dialysis, nats_url, await centre(dialysis))
    one = await dialysis.client.get(
        f"{BASE}/reports/monthly", params={"month": "2025-08"}, headers=auth.officer()
    )
    assert one.status_code == 200, one.text
    [august] = one.json()
    assert august["month"] == "2025-08"
    assert august["requests_handled"] >= 1
    everything = await dialysis.client.get(f"{BASE}/reports/monthly", headers=auth.officer())
    assert august in everything.json()
    bad = await dialysis.client.get(
        f"{BASE}/reports/monthly", params={"month": "2025-13"}, headers=auth.officer()
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "month"


async def test_the_claims_filter_takes_only_a_claims_status(dialysis: RunningService) -> None:
    """A review of issue 15's fixes: a NUL in `status_filter` reached the query (500 on PostgreSQL)."""
    for bad in ("app\x00roved", "anything"):
        answer = await dialysis.client.get(
            f"{BASE}/claims", params={"status_filter": bad}, headers=auth.officer()
        )
        assert answer.status_code == 422, answer.text
    ok = await dialysis.client.get(
        f"{BASE}/claims", params={"status_filter": "approved"}, headers=auth.officer()
    )
    assert ok.status_code == 200
