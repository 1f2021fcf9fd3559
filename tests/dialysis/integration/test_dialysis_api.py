"""The dialysis service against a real database, with insured status fed through real NATS."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import datetime

import nats
from nats.js.errors import BadRequestError
from sqlalchemy import func, select

from services.dialysis.models import Bill, InsuredRecord, Treatment
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.events import Envelope
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.events import EventWatcher
from tests.support.four_eyes import with_two_officers
from tests.support.people import person_key
from tests.support.services import RunningService

BASE = "/v1/dialysis"


async def publish(nats_url: str, envelope: Envelope) -> None:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        with contextlib.suppress(BadRequestError):
            await js.add_stream(name="CONTRIBUTION", subjects=["contribution.>"])
        await js.publish(envelope.type, envelope.to_json(), headers={"Nats-Msg-Id": envelope.id})
    finally:
        await nc.close()


def accepted(ic: str, month: str = "2025-06") -> Envelope:
    return Envelope(
        type="contribution.submission.accepted",
        source="contribution",
        subject=f"REF-{uuid.uuid4().hex[:8]}",
        occurred_at=datetime(2025, 7, 2, tzinfo=MALAYSIA_TIME),
        actor="acme",
        correlation_id="t",
        data={
            "reference": f"REF-{uuid.uuid4().hex[:8]}",
            "employer_code": "E1000001",
            "month": month,
            "insured": [{"person_key": person_key(ic), "category": "first", "eis": True}],
        },
    )


async def insured(svc: RunningService, nats_url: str, ic: str) -> Envelope:
    envelope = accepted(ic)
    await publish(nats_url, envelope)
    # Up to 30 s: the consumer reads the whole CONTRIBUTION stream of the session (every other
    # test's events too) before this one, from wherever this worker's first dialysis test began.
    for _ in range(300):
        async with svc.runtime.read_sessionmaker() as session:
            if await session.get(InsuredRecord, person_key(ic)) is not None:
                return envelope
        await asyncio.sleep(0.1)
    raise AssertionError("the insured-status consumer never recorded the person")


async def centre(svc: RunningService, kind: str = "panel", appoint: bool = True) -> str:
    centre_id = "C" + uuid.uuid4().hex[:8].upper()
    kind_in = "non_panel_private" if kind == "panel" else kind
    response = await svc.client.post(
        f"{BASE}/centres",
        json={
            "id": centre_id,
            "name": "Pusat",
            "kind": kind_in,
            "state": "SGR",
            "machines": 10,
            "shifts_per_day": 3,
        },
        headers=auth.officer(),
    )
    assert response.status_code == 201, response.text
    if kind == "panel" and appoint:
        appointed = await svc.client.post(
            f"{BASE}/centres/{centre_id}/appointment",
            json={"valid_from": "2025-01-01"},
            headers=auth.officer(),
        )
        assert appointed.status_code == 200, appointed.text
    return centre_id


async def approved_treatment(svc: RunningService, nats_url: str, centre_id: str) -> tuple[str, str]:
    ic = random_ic()
    await insured(svc, nats_url, ic)
    requested = await svc.client.post(
        f"{BASE}/treatments",
        json={"ic": ic, "centre_id": centre_id, "diagnosis": "ESRF", "modality": "haemodialysis"},
        headers=auth.member(ic),
    )
    assert requested.status_code == 201, requested.text
    approved = await svc.client.post(
        f"{BASE}/treatments/{requested.json()['id']}/decision",
        json={"approve": True, "starts_on": "2025-07-01"},
        headers=auth.officer(),
    )
    assert approved.json()["status"] == "approved"
    return ic, requested.json()["id"]


async def test_insured_status_comes_from_contribution_events_once(
    dialysis: RunningService, nats_url: str
) -> None:
    ic = random_ic()
    envelope = await insured(dialysis, nats_url, ic)
    consumer = dialysis.runtime.consumers[0]
    assert await consumer.handle(envelope) == "duplicate"
    async with dialysis.runtime.read_sessionmaker() as session:
        record = await session.get(InsuredRecord, person_key(ic))
        assert record is not None
        assert record.insured_since == "2025-06"
        assert (
            await session.scalar(
                select(func.count())
                .select_from(InsuredRecord)
                .where(InsuredRecord.person_key == person_key(ic))
            )
            == 1
        )


async def test_no_contributions_on_record_is_refused_unless_an_officer_overrides(
    dialysis: RunningService,
) -> None:
    centre_id = await centre(dialysis)
    ic = random_ic()
    body = {"ic": ic, "centre_id": centre_id, "diagnosis": "ESRF", "modality": "capd"}
    refused = await dialysis.client.post(f"{BASE}/treatments", json=body, headers=auth.member(ic))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "no-contributions-on-record"
    overridden = await dialysis.client.post(
        f"{BASE}/treatments",
        json={**body, "override_reason": "Employer arrears under recovery"},
        headers=auth.officer(),
    )
    assert overridden.status_code == 201
    assert overridden.json()["override_reason"] == "Employer arrears under recovery"


async def test_approval_publishes_and_one_active_treatment_per_person(
    dialysis: RunningService, nats_url: str
) -> None:
    centre_id = await centre(dialysis)
    ic = random_ic()
    await insured(dialysis, nats_url, ic)
    body = {"ic": ic, "centre_id": centre_id, "diagnosis": "ESRF", "modality": "haemodialysis"}
    first = await dialysis.client.post(
        f"{BASE}/treatments", json=body, headers=auth.centre(centre_id)
    )
    assert first.status_code == 201
    assert (
        await dialysis.client.post(f"{BASE}/treatments", json=body, headers=auth.member(ic))
    ).status_code == 409
    async with EventWatcher(nats_url, "dialysis.treatment.approved") as watcher:
        await dialysis.client.post(
            f"{BASE}/treatments/{first.json()['id']}/decision",
            json={"approve": True},
            headers=auth.officer(),
        )
        await watcher.wait_for(lambda e: e["subject"] == first.json()["id"])


async def test_a_panel_centre_bills_sessions_once_and_the_bill_is_paid(
    dialysis: RunningService, nats_url: str
) -> None:
    centre_id = await centre(dialysis)
    _, treatment_id = await approved_treatment(dialysis, nats_url, centre_id)
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-07", "2025-07-09"]},
        headers=auth.centre(centre_id),
    )
    assert bill.status_code == 201, bill.text
    assert bill.json()["amount"] == "320.00"
    again = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-09"]},
        headers=auth.centre(centre_id),
    )
    assert again.status_code == 409
    outside = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-06-30"]},
        headers=auth.centre(centre_id),
    )
    assert outside.status_code == 422
    bill_id = bill.json()["id"]
    assert (
        await dialysis.client.post(f"{BASE}/bills/{bill_id}/pay", headers=auth.officer())
    ).status_code == 409
    await dialysis.client.post(f"{BASE}/bills/{bill_id}/approve", headers=auth.officer())
    async with EventWatcher(nats_url, "dialysis.claim.paid") as watcher:
        paid = await with_two_officers(dialysis.client, BASE, f"/bills/{bill_id}/pay")
        assert paid.json()["result"]["status"] == "paid"
        await watcher.wait_for(lambda e: e["subject"] == bill_id)


async def test_a_centre_reading_another_centres_bills_gets_404(
    dialysis: RunningService, nats_url: str
) -> None:
    mine, theirs = await centre(dialysis), await centre(dialysis)
    _, treatment_id = await approved_treatment(dialysis, nats_url, theirs)
    bill = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-14"]},
        headers=auth.centre(theirs),
    )
    assert (
        await dialysis.client.get(f"{BASE}/bills/{bill.json()['id']}", headers=auth.centre(mine))
    ).status_code == 404
    assert (
        await dialysis.client.get(f"{BASE}/treatments/{treatment_id}", headers=auth.centre(mine))
    ).status_code == 404
    sneaky = await dialysis.client.post(
        f"{BASE}/bills",
        json={"treatment_id": treatment_id, "session_dates": ["2025-07-16"]},
        headers=auth.centre(mine),
    )
    assert sneaky.status_code == 404
    listed = await dialysis.client.get(f"{BASE}/bills", headers=auth.centre(mine))
    assert all(b["centre_id"] == mine for b in listed.json()["items"])


async def test_reimbursement_is_capped_with_the_reason_and_refusal_is_published(
    dialysis: RunningService, nats_url: str
) -> None:
    panel = await centre(dialysis)
    hospital = await centre(dialysis, kind="government_hospital")
    ic, treatment_id = await approved_treatment(dialysis, nats_url, panel)
    async with EventWatcher(nats_url, "dialysis.claim.refused") as watcher:
        claim = await dialysis.client.post(
            f"{BASE}/claims/reimbursements",
            json={
                "treatment_id": treatment_id,
                "sessions": [
                    {"session_date": "2025-07-21", "amount_paid": "200.10", "centre_id": hospital}
                ],
            },
            headers=auth.member(ic),
        )
        assert claim.status_code == 201, claim.text
        body = claim.json()
        assert (body["approved"], body["refused"]) == ("160.00", "40.10")
        assert body["reasons"] == ["RM40.10 above the rate card's RM160.00 a session"]
        [event] = await watcher.wait_for(lambda e: e["subject"] == body["id"])
    # Issue 16: the refusal named the person by full IC; now by key, nothing else personal.
    assert event["data"]["person_key"] == person_key(ic)
    assert "ic" not in event["data"]
    at_panel = await dialysis.client.post(
        f"{BASE}/claims/reimbursements",
        json={
            "treatment_id": treatment_id,
            "sessions": [
                {"session_date": "2025-07-22", "amount_paid": "100.00", "centre_id": panel}
            ],
        },
        headers=auth.member(ic),
    )
    assert at_panel.status_code == 422
    other = await dialysis.client.post(
        f"{BASE}/claims/reimbursements",
        json={
            "treatment_id": treatment_id,
            "sessions": [
                {"session_date": "2025-07-23", "amount_paid": "100.00", "centre_id": hospital}
            ],
        },
        headers=auth.member(random_ic()),
    )
    assert other.status_code == 404


async def test_support_items_have_their_own_limits(dialysis: RunningService, nats_url: str) -> None:
    panel = await centre(dialysis)
    ic, treatment_id = await approved_treatment(dialysis, nats_url, panel)
    epo = await dialysis.client.post(
        f"{BASE}/claims/support",
        json={
            "treatment_id": treatment_id,
            "kind": "epo",
            "service_date": "2025-07-10",
            "quantity": 13,
            "amount": "600.00",
        },
        headers=auth.member(ic),
    )
    assert epo.json()["approved"] == "540.00"
    no_transplant = await dialysis.client.post(
        f"{BASE}/claims/support",
        json={
            "treatment_id": treatment_id,
            "kind": "immunosuppressant",
            "service_date": "2025-07-10",
            "amount": "900.00",
        },
        headers=auth.member(ic),
    )
    assert no_transplant.json()["status"] == "refused"


async def test_donations_go_to_ngo_centres_only(dialysis: RunningService) -> None:
    private = await centre(dialysis, kind="non_panel_private")
    ngo = await centre(dialysis, kind="ngo")
    refused = await dialysis.client.post(
        f"{BASE}/centres/{private}/donations",
        json={"machines": 2, "approved_on": "2025-08-01"},
        headers=auth.officer(),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "donation-ngo-only"
    given = await dialysis.client.post(
        f"{BASE}/centres/{ngo}/donations",
        json={"machines": 2, "approved_on": "2025-08-01"},
        headers=auth.officer(),
    )
    assert given.status_code == 201
    report = await dialysis.client.get(f"{BASE}/reports/monthly", headers=auth.dashboard())
    assert any(r["month"] == "2025-08" and r["machines_donated"] >= 2 for r in report.json())


async def test_bad_inputs_are_422_and_store_nothing(dialysis: RunningService) -> None:
    panel = await centre(dialysis)
    ic = random_ic()
    async with dialysis.runtime.read_sessionmaker() as session:
        before = await session.scalar(select(func.count()).select_from(Treatment))
    for body in (
        {
            "ic": ic,
            "centre_id": panel,
            "diagnosis": "CKD",
            "modality": "haemodialysis",
            "override_reason": "x",
        },
        {"ic": ic, "centre_id": panel, "diagnosis": "ESRF", "modality": "magic"},
        {"ic": "900230145678", "centre_id": panel, "diagnosis": "ESRF", "modality": "capd"},
        {"ic": ic, "centre_id": panel, "diagnosis": "ESRF", "modality": "capd", "extra": True},
    ):
        response = await dialysis.client.post(
            f"{BASE}/treatments", json=body, headers=auth.officer()
        )
        assert response.status_code == 422, (body, response.text)
    grant = await dialysis.client.post(
        f"{BASE}/centres/{panel}/grants",
        json={"amount": 1000.5, "reason": "x", "approved_on": "2025-08-01"},
        headers=auth.officer(),
    )
    assert grant.status_code == 422
    async with dialysis.runtime.read_sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Treatment)) == before
        assert (
            await session.scalar(
                select(func.count()).select_from(Bill).where(Bill.centre_id == panel)
            )
            == 0
        )
