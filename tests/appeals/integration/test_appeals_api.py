"""The appeals service against a real database and real NATS."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import date, datetime, timedelta

import nats
from nats.js.errors import BadRequestError
from sqlalchemy import func, select

from services.appeals.models import Appeal, AppealableDecision
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.events import Envelope
from tests.support import auth
from tests.support.builders import random_employer_code, random_ic
from tests.support.events import EventWatcher
from tests.support.people import person_key
from tests.support.services import RunningService, clock_at

BASE = "/v1/appeals"


def appeal_body(ic: str, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "appellant_kind": "employee",
        "appellant_name": "Siti",
        "appellant_ic": ic,
        "act": "act4",
        "section": "84",
        "matter": "Invalidity pension refused",
        "cause_of_action_date": "2024-05-01",
        "state": "SGR",
    }
    body.update(overrides)
    return body


async def count_appeals(svc: RunningService, ic: str) -> int:
    async with svc.runtime.read_sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Appeal).where(Appeal.appellant_ic == ic)
            )
            or 0
        )


async def test_a_member_files_and_the_state_picks_the_board(
    appeals: RunningService, nats_url: str
) -> None:
    ic = random_ic()
    async with EventWatcher(nats_url, "appeals.>") as watcher:
        response = await appeals.client.post(BASE, json=appeal_body(ic), headers=auth.member(ic))
        assert response.status_code == 201, response.text
        body = response.json()
        await watcher.wait_for(
            lambda e: e["type"] == "appeals.appeal.filed" and e["subject"] == body["id"]
        )
    assert body["board_code"] == "B04"
    assert body["case_number"].startswith("SSAB/B04/2025/")
    assert body["status"] == "filed"
    assert body["last_day_to_file"] == "2027-05-01"


async def test_case_numbers_run_per_board_and_year(appeals: RunningService) -> None:
    numbers = []
    for _ in range(2):
        ic = random_ic()
        response = await appeals.client.post(
            BASE, json=appeal_body(ic, state="SWK"), headers=auth.member(ic)
        )
        numbers.append(int(response.json()["case_number"].rsplit("/", 1)[1]))
    assert numbers[1] == numbers[0] + 1


async def test_out_of_time_appeals_have_their_own_problem_type_and_the_last_day(
    appeals: RunningService,
) -> None:
    ic = random_ic()
    with clock_at(appeals, "2025-08-10T10:00:00+08:00"):
        await _out_of_time_on_10_august(appeals, ic)


async def _out_of_time_on_10_august(appeals: RunningService, ic: str) -> None:
    response = await appeals.client.post(
        BASE, json=appeal_body(ic, cause_of_action_date="2022-08-09"), headers=auth.member(ic)
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith("/appeal-time-barred")
    assert problem["last_day_to_file"] == "2025-08-09"
    # Issue 16: the 422 named no field.
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("cause_of_action_date", "appeal-time-barred")
    ]
    assert await count_appeals(appeals, ic) == 0
    on_the_day = await appeals.client.post(
        BASE, json=appeal_body(ic, cause_of_action_date="2022-08-10"), headers=auth.member(ic)
    )
    assert on_the_day.status_code == 201


async def test_a_section_that_does_not_match_the_act_is_422_with_nothing_stored(
    appeals: RunningService,
) -> None:
    ic = random_ic()
    response = await appeals.client.post(
        BASE, json=appeal_body(ic, act="act800", section="84"), headers=auth.member(ic)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "section"
    assert await count_appeals(appeals, ic) == 0


async def test_representation_by_another_person_needs_the_boards_permission(
    appeals: RunningService,
) -> None:
    ic = random_ic()
    other = {
        "kind": "other_authorised_person",
        "representative_name": "Pak Long",
        "authorised_in_writing": True,
    }
    refused = await appeals.client.post(
        BASE, json=appeal_body(ic, representation=other), headers=auth.member(ic)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "board-permission-required"
    allowed = await appeals.client.post(
        BASE,
        json=appeal_body(
            ic, representation={**other, "board_permission_reference": "SSAB/P/2025/3"}
        ),
        headers=auth.member(ic),
    )
    assert allowed.status_code == 201
    assert allowed.json()["board_permission_reference"] == "SSAB/P/2025/3"
    nonsense = await appeals.client.post(
        BASE, json=appeal_body(ic, representation={"kind": "cousin"}), headers=auth.member(ic)
    )
    assert nonsense.status_code == 422


async def test_bad_inputs_are_422(appeals: RunningService) -> None:
    ic = random_ic()
    for bad in (
        appeal_body(ic, cause_of_action_date="2024-02-30"),
        appeal_body(ic, state="ZZZ"),
        appeal_body(ic, appellant_ic="901301145678"),
        {**appeal_body(ic), "extra": 1},
        appeal_body(ic, cause_of_action_date="2026-01-01"),
    ):
        response = await appeals.client.post(BASE, json=bad, headers=auth.member(ic))
        assert response.status_code == 422, (bad, response.text)
    assert await count_appeals(appeals, ic) == 0


async def test_another_appellants_appeal_is_404(appeals: RunningService) -> None:
    ic = random_ic()
    appeal = (await appeals.client.post(BASE, json=appeal_body(ic), headers=auth.member(ic))).json()
    assert (
        await appeals.client.get(f"{BASE}/{appeal['id']}", headers=auth.member(random_ic()))
    ).status_code == 404
    assert (
        await appeals.client.get(
            f"{BASE}/{appeal['id']}", headers=auth.employer(random_employer_code())
        )
    ).status_code == 404
    assert (
        await appeals.client.get(f"{BASE}/{appeal['id']}", headers=auth.dashboard())
    ).status_code == 200
    assert (
        await appeals.client.get(f"{BASE}/{appeal['id']}", headers=auth.bank())
    ).status_code == 403
    mine = await appeals.client.get(BASE, headers=auth.member(ic))
    assert [a["id"] for a in mine.json()["items"]] == [appeal["id"]]


async def test_hearings_clash_adjourn_decide_and_no_decision_after_withdrawal(
    appeals: RunningService, nats_url: str
) -> None:
    secretariat = auth.secretariat()
    first_ic, second_ic = random_ic(), random_ic()
    first = (
        await appeals.client.post(
            BASE, json=appeal_body(first_ic, state="PHG"), headers=auth.member(first_ic)
        )
    ).json()
    second = (
        await appeals.client.post(
            BASE, json=appeal_body(second_ic, state="PHG"), headers=auth.member(second_ic)
        )
    ).json()
    slot = datetime(2025, 9, 1 + int(uuid.uuid4().int % 27), 9, 0, tzinfo=MALAYSIA_TIME).isoformat()
    hearing = await appeals.client.post(
        f"{BASE}/{first['id']}/hearings", json={"starts_at": slot}, headers=secretariat
    )
    assert hearing.status_code == 201, hearing.text
    clash = await appeals.client.post(
        f"{BASE}/{second['id']}/hearings",
        json={"starts_at": slot, "duration_minutes": 60},
        headers=secretariat,
    )
    assert clash.status_code == 409
    by_member = await appeals.client.post(
        f"{BASE}/{second['id']}/hearings", json={"starts_at": slot}, headers=auth.member(second_ic)
    )
    assert by_member.status_code == 403
    adjourned = await appeals.client.post(
        f"{BASE}/{first['id']}/hearings/{hearing.json()['id']}/adjourn",
        json={"reason": "Appellant unwell"},
        headers=secretariat,
    )
    assert adjourned.json()["status"] == "adjourned"
    assert (
        await appeals.client.post(
            f"{BASE}/{second['id']}/hearings", json={"starts_at": slot}, headers=secretariat
        )
    ).status_code == 201
    # Issue 16: the Board allows an appeal once it has heard it, not before the hearing.
    early = await appeals.client.post(
        f"{BASE}/{second['id']}/decision",
        json={"outcome": "allowed", "reasons": "Medical board erred"},
        headers=secretariat,
    )
    assert early.status_code == 409, early.text
    today = appeals.clock.now()
    appeals.clock.set(datetime.fromisoformat(slot) + timedelta(hours=1))
    try:
        async with EventWatcher(nats_url, "appeals.appeal.decided") as watcher:
            decided = await appeals.client.post(
                f"{BASE}/{second['id']}/decision",
                json={"outcome": "allowed", "reasons": "Medical board erred"},
                headers=secretariat,
            )
            assert decided.json()["status"] == "decided"
            assert [h["status"] for h in decided.json()["hearings"]] == ["held"]
            await watcher.wait_for(
                lambda e: e["subject"] == second["id"] and e["data"]["outcome"] == "allowed"
            )
    finally:
        appeals.clock.set(today)
    withdrawn = await appeals.client.post(
        f"{BASE}/{first['id']}/withdraw", json={"reason": "Settled"}, headers=auth.member(first_ic)
    )
    assert withdrawn.json()["status"] == "withdrawn"
    impossible = await appeals.client.post(
        f"{BASE}/{first['id']}/decision",
        json={"outcome": "dismissed", "reasons": "x"},
        headers=secretariat,
    )
    assert impossible.status_code == 409


async def publish_decision(
    nats_url: str, envelope: Envelope, stream: str, subjects: list[str]
) -> None:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        with contextlib.suppress(BadRequestError):
            await js.add_stream(name=stream, subjects=subjects)
        await js.publish(envelope.type, envelope.to_json(), headers={"Nats-Msg-Id": envelope.id})
    finally:
        await nc.close()


async def wait_for_decision(svc: RunningService, event_id: str) -> AppealableDecision | None:
    for _ in range(100):
        async with svc.runtime.read_sessionmaker() as session:
            found = await session.get(AppealableDecision, event_id)
        if found is not None:
            return found
        await asyncio.sleep(0.1)
    return None


async def test_a_decision_event_becomes_appealable_once_and_gives_the_cause_of_action(
    appeals: RunningService, nats_url: str
) -> None:
    ic = random_ic()
    envelope = Envelope(
        type="loan.application.rejected",
        source="loan",
        subject=str(uuid.uuid4()),
        occurred_at=datetime(2025, 3, 4, 10, 0, tzinfo=MALAYSIA_TIME),
        actor="officer-1",
        correlation_id="test",
        data={"person_key": person_key(ic), "reason": "not eligible", "decided_on": "2025-03-04"},
    )
    await publish_decision(nats_url, envelope, "LOAN", ["loan.>"])
    decision = await wait_for_decision(appeals, envelope.id)
    assert decision is not None, "the consumer recorded the decision"
    assert decision.decided_on == date(2025, 3, 4)
    consumer = next(c for c in appeals.runtime.consumers if c.spec.stream == "LOAN")
    assert await consumer.handle(envelope) == "duplicate"
    async with appeals.runtime.read_sessionmaker() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AppealableDecision)
                .where(AppealableDecision.event_id == envelope.id)
            )
            == 1
        )
    body = appeal_body(ic, decision_event_id=envelope.id)
    del body["cause_of_action_date"]
    filed = await appeals.client.post(BASE, json=body, headers=auth.member(ic))
    assert filed.status_code == 201, filed.text
    assert filed.json()["cause_of_action_date"] == "2025-03-04"
    someone_else = random_ic()
    stolen = await appeals.client.post(
        BASE, json={**body, "appellant_ic": someone_else}, headers=auth.member(someone_else)
    )
    assert stolen.status_code == 404
    listed = await appeals.client.get(f"{BASE}/decisions", headers=auth.member(ic))
    assert envelope.id in {d["event_id"] for d in listed.json()["items"]}


async def test_boards_and_member_appointments(appeals: RunningService) -> None:
    appointed = await appeals.client.post(
        f"{BASE}/boards/B11/members",
        json={
            "name": "Dato' Rahim",
            "role": "chairman",
            "appointed_on": "2024-02-29",
            "term_years": 3,
        },
        headers=auth.secretariat(),
    )
    assert appointed.status_code == 201
    assert appointed.json()["term_ends_on"] == "2027-02-28"
    listed = (await appeals.client.get(f"{BASE}/boards", headers=auth.dashboard())).json()
    assert len(listed) == 11
    assert (
        await appeals.client.post(
            f"{BASE}/boards/B99/members",
            json={"name": "X", "appointed_on": "2024-01-01"},
            headers=auth.secretariat(),
        )
    ).status_code == 404
