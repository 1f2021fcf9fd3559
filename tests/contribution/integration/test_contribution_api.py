"""The contribution API against a real database and a real NATS server."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from services.contribution.models import Payment, Submission, SubmissionLine
from services.contribution.schemas import PaymentOut, SubmissionOut
from services.contribution.usecases import submissions as contribution_service
from tests.support import auth
from tests.support.builders import random_employer_code, random_ic, random_txn_id
from tests.support.events import EventWatcher
from tests.support.services import RunningService

BASE = "/v1/contributions"


async def register_employer(
    svc: RunningService, code: str | None = None, state: str = "KUL"
) -> str:
    code = code or random_employer_code()
    response = await svc.client.post(
        f"{BASE}/employers",
        json={"employer_code": code, "name": f"Syarikat {code}", "state": state},
        headers=auth.officer(),
    )
    assert response.status_code == 201, response.text
    return code


async def submit(
    svc: RunningService,
    code: str,
    lines: list[dict[str, object]],
    month: str = "2025-07",
    headers: dict[str, str] | None = None,
):
    return await svc.client.post(
        f"{BASE}/employers/{code}/submissions",
        json={"month": month, "lines": lines},
        headers=headers or auth.employer(code),
    )


async def count(svc: RunningService, model: type, **where: object) -> int:
    async with svc.runtime.sessionmaker() as session:
        statement = select(func.count()).select_from(model)
        for name, value in where.items():
            statement = statement.where(getattr(model, name) == value)
        return int(await session.scalar(statement) or 0)


def callback(
    reference: str, amount: str, paid_at: str = "2025-08-14T10:00:00+08:00", txn: str | None = None
) -> dict[str, str]:
    return {
        "bank_txn_id": txn or random_txn_id(),
        "reference": reference,
        "amount": amount,
        "paid_at": paid_at,
        "channel": "FPX",
    }


async def test_calculate_uses_the_band_exceeding_3400_not_exceeding_3500(
    contribution: RunningService,
) -> None:
    """Third Schedule row 3400.00-3500.00: first category 60.35 + 17.25 = 77.60; EIS 6.90 + 6.90."""
    response = await contribution.client.post(
        f"{BASE}/calculate",
        json={"wage": "3450.00", "category": "first", "eis": True, "month": "2025-07"},
        headers=auth.dashboard(),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["band"] == {"above": "3400.00", "up_to": "3500.00"}
    assert body["socso"] == {"employer": "60.35", "employee": "17.25", "total": "77.60"}
    assert body["eis"] == {"employer": "6.90", "employee": "6.90", "total": "13.80"}
    assert body["wage"] == "3450.00"


async def test_calculate_explains_itself_when_asked(contribution: RunningService) -> None:
    response = await contribution.client.post(
        f"{BASE}/calculate?explain=true",
        json={"wage": "7000.00", "category": "first", "eis": False, "month": "2024-09"},
        headers=auth.officer(),
    )
    body = response.json()
    assert body["ceiling"] == "5000.00"
    assert body["socso"]["total"] == "111.40"
    assert body["eis"] is None
    assert body["explanation"], "an explanation was asked for"


@pytest.mark.parametrize(
    ("wage", "field_message"),
    [
        (3450.0, "wage"),
        ("3450.001", "wage"),
        ("-1.00", "wage"),
        ("abc", "wage"),
    ],
)
async def test_bad_money_is_422_naming_the_field(
    contribution: RunningService, wage: object, field_message: str
) -> None:
    response = await contribution.client.post(
        f"{BASE}/calculate", json={"wage": wage, "category": "first"}, headers=auth.officer()
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field_message]


async def test_unknown_fields_and_unparseable_bodies_are_refused(
    contribution: RunningService,
) -> None:
    unknown = await contribution.client.post(
        f"{BASE}/calculate",
        json={"wage": "100.00", "category": "first", "bonus": "1.00"},
        headers=auth.officer(),
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "bonus"
    broken = await contribution.client.post(
        f"{BASE}/calculate",
        content=b"{not json",
        headers={**auth.officer(), "content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.headers["content-type"].startswith("application/problem+json")


async def test_requests_without_a_valid_token_are_401(contribution: RunningService) -> None:
    assert (await contribution.client.post(f"{BASE}/calculate", json={})).status_code == 401
    expired = auth.headers("officer", ttl=-60)
    assert (await contribution.client.get(f"{BASE}/banks", headers=expired)).status_code == 401
    tampered = auth.officer()["Authorization"][:-4] + "AAAA"
    assert (
        await contribution.client.get(f"{BASE}/banks", headers={"Authorization": tampered})
    ).status_code == 401


async def test_only_officers_register_employers(contribution: RunningService) -> None:
    code = random_employer_code()
    response = await contribution.client.post(
        f"{BASE}/employers", json={"employer_code": code, "name": "X"}, headers=auth.employer(code)
    )
    assert response.status_code == 403
    await register_employer(contribution, code)
    again = await contribution.client.post(
        f"{BASE}/employers", json={"employer_code": code, "name": "X"}, headers=auth.officer()
    )
    assert again.status_code == 409


async def test_submission_derives_category_and_eis_from_the_facts(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    young = random_ic(age=30, on=date(2025, 7, 1))
    older = random_ic(age=62, on=date(2025, 7, 1))
    foreign = random_ic(age=30, on=date(2025, 7, 1))
    response = await submit(
        contribution,
        code,
        [
            {"ic": young, "name": "Aminah", "wage": "3450.00"},
            {"ic": older, "name": "Tan", "wage": "3450.00"},
            {"ic": foreign, "name": "Budi", "wage": "3450.00", "nationality": "foreign"},
        ],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    lines = {line["ic"]: line for line in body["lines"]}
    assert (lines[young]["category"], lines[young]["eis"]) == ("first", True)
    assert (lines[older]["category"], lines[older]["eis"]) == ("second", False)
    assert (lines[foreign]["category"], lines[foreign]["eis"]) == ("second", False)
    assert lines[young]["total"] == "91.40"  # 77.60 SOCSO + 13.80 EIS
    assert lines[older]["total"] == "43.10"  # second category, employer only
    assert body["totals"]["total"] == "177.60"
    assert body["due_date"] == "2025-08-15"
    assert body["status"] == "unpaid"
    assert body["reference"]


async def test_only_an_officer_may_override_category(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    ic = random_ic(age=30, on=date(2025, 7, 1))
    line = {"ic": ic, "name": "A", "wage": "1000.00", "category": "second", "eis": False}
    refused = await submit(contribution, code, [line])
    assert refused.status_code == 422
    assert await count(contribution, SubmissionLine, ic=ic) == 0
    allowed = await submit(contribution, code, [line], headers=auth.officer())
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["lines"][0]["category"] == "second"
    assert allowed.json()["lines"][0]["overridden"] is True


async def test_one_employee_once_per_employer_and_month(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    ic = random_ic()
    first = await submit(contribution, code, [{"ic": ic, "name": "A", "wage": "1000.00"}])
    assert first.status_code == 201
    second = await submit(contribution, code, [{"ic": ic, "name": "A", "wage": "1000.00"}])
    assert second.status_code == 409
    assert await count(contribution, SubmissionLine, ic=ic) == 1


async def test_racing_submissions_for_one_employee_give_one_success_and_one_409(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    ic = random_ic()
    results = await asyncio.gather(
        submit(contribution, code, [{"ic": ic, "name": "A", "wage": "1000.00"}]),
        submit(contribution, code, [{"ic": ic, "name": "A", "wage": "1000.00"}]),
    )
    assert sorted(r.status_code for r in results) == [201, 409]


@pytest.mark.parametrize("ic", ["901301-14-5678", "900230-14-5678", "12345", "9001011456789"])
async def test_impossible_ic_is_422_and_stores_nothing(
    contribution: RunningService, ic: str
) -> None:
    code = await register_employer(contribution)
    response = await submit(contribution, code, [{"ic": ic, "name": "A", "wage": "1000.00"}])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lines[0].ic"
    assert await count(contribution, Submission, employer_code=code) == 0


async def test_an_employer_cannot_see_or_submit_for_another(contribution: RunningService) -> None:
    mine = await register_employer(contribution)
    theirs = await register_employer(contribution)
    statement = await contribution.client.get(
        f"{BASE}/employers/{theirs}/statement", headers=auth.employer(mine)
    )
    assert statement.status_code == 404
    sneaky = await submit(
        contribution,
        theirs,
        [{"ic": random_ic(), "name": "A", "wage": "1.00"}],
        headers=auth.employer(mine),
    )
    assert sneaky.status_code == 404
    assert await count(contribution, Submission, employer_code=theirs) == 0


async def test_member_and_bank_tokens_are_refused_on_employer_routes(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    member = await contribution.client.get(
        f"{BASE}/employers/{code}/statement", headers=auth.member(random_ic())
    )
    assert member.status_code == 403
    bank = await contribution.client.get(f"{BASE}/employers/{code}/statement", headers=auth.bank())
    assert bank.status_code == 403


async def test_idempotency_key_replays_the_first_submission(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    body = {"month": "2025-07", "lines": [{"ic": random_ic(), "name": "A", "wage": "2000.00"}]}
    headers = {**auth.employer(code), "Idempotency-Key": random_txn_id()}
    first = await contribution.client.post(
        f"{BASE}/employers/{code}/submissions", json=body, headers=headers
    )
    again = await contribution.client.post(
        f"{BASE}/employers/{code}/submissions", json=body, headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert again.headers.get("idempotent-replayed") == "true"
    body["lines"][0]["wage"] = "2100.00"  # type: ignore[index]
    other = await contribution.client.post(
        f"{BASE}/employers/{code}/submissions", json=body, headers=headers
    )
    assert other.status_code == 422
    assert await count(contribution, Submission, employer_code=code) == 1


async def test_submission_documents_are_exactly_the_declared_response_model(
    contribution: RunningService,
) -> None:
    """The presenter builds the JSON itself (no second validation); it must match SubmissionOut
    field for field, in the POST answer and in the GET of the same submission."""
    code = await register_employer(contribution)
    lines = [
        {"ic": random_ic(age=30), "name": "A", "wage": "3450.00"},
        {"ic": random_ic(age=61), "name": "B", "wage": "7000", "nationality": "foreign"},
    ]
    posted = await submit(contribution, code, lines)
    assert posted.status_code == 201, posted.text
    assert posted.headers["content-type"] == "application/json"
    body = posted.json()
    assert SubmissionOut.model_validate(body).model_dump(mode="json") == body
    fetched = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{body['reference']}", headers=auth.employer(code)
    )
    assert fetched.json() == body


async def test_problems_in_any_chunk_are_all_reported_and_nothing_is_stored(
    contribution: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines are priced and inserted a chunk at a time; an employee repeated in a later chunk,
    or a problem in the last chunk, still refuses the whole submission with every problem named."""
    monkeypatch.setattr(contribution_service, "INSERT_CHUNK", 2)
    code = await register_employer(contribution)
    repeated = random_ic()
    lines = [
        {"ic": repeated, "name": "A", "wage": "1000.00"},
        {"ic": random_ic(), "name": "B", "wage": "1000.00"},
        {"ic": random_ic(), "name": "C", "wage": "1000.00"},
        {"ic": repeated, "name": "A again", "wage": "1000.00"},
        {"ic": random_ic(), "name": "D", "wage": "1000.00", "category": "second"},
    ]
    response = await submit(contribution, code, lines)
    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["lines[3].ic", "lines[4].category"]
    assert await count(contribution, Submission, employer_code=code) == 0
    assert await count(contribution, SubmissionLine, employer_code=code) == 0
    accepted = await submit(contribution, code, [line for line in lines[:3]])
    assert accepted.status_code == 201
    assert [line["line_no"] for line in accepted.json()["lines"]] == [1, 2, 3]
    assert accepted.json()["totals"]["total"] == format(
        sum(Decimal(line["total"]) for line in accepted.json()["lines"]), ".2f"
    )


async def test_payment_settles_and_publishes_one_event(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "3450.00"}])
    ).json()
    async with EventWatcher(nats_url, "contribution.payment.received") as watcher:
        paid = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            json=callback(sub["reference"], sub["totals"]["total"]),
            headers=auth.bank("MBB"),
        )
        assert paid.status_code == 200, paid.text
        answer = paid.json()
        assert answer["status"] == "settled"
        assert (answer["days_late"], answer["late_interest"]) == (0, "0.00")
        events = await watcher.wait_for(lambda e: e["subject"] == answer["payment_id"])
    event = events[0]
    assert event["type"] == "contribution.payment.received"
    assert event["source"] == "contribution"
    assert event["data"]["amount"] == "91.40"
    assert event["actor"] == "bank-MBB"
    headers = [h for e, h in watcher.received if e["subject"] == answer["payment_id"]]
    assert headers == [{"Nats-Msg-Id": event["id"]}]


async def test_callback_answers_are_exactly_the_declared_response_model(
    contribution: RunningService,
) -> None:
    """The stored answer is sent as it is (no second validation); it must match PaymentOut, with
    and without `?explain=true`, first time and on replay."""
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
    ).json()
    body = callback(sub["reference"], "10.00")
    url = f"{BASE}/payments/callbacks/MBB"
    for query in ("", "?explain=true", ""):
        answer = await contribution.client.post(url + query, json=body, headers=auth.bank("MBB"))
        assert answer.status_code == 200, answer.text
        document = answer.json()
        assert PaymentOut.model_validate(document).model_dump(mode="json") == document
        assert (document["explanation"] is None) == (query == "")


async def test_callback_replay_same_body_is_one_payment_other_body_409(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
    ).json()
    body = callback(sub["reference"], "10.00")
    first = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    again = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    assert first.json() == again.json()
    changed = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json={**body, "amount": "11.00"}, headers=auth.bank("MBB")
    )
    assert changed.status_code == 409
    assert await count(contribution, Payment, bank_txn_id=body["bank_txn_id"]) == 1


async def test_the_same_callback_fifty_times_at_once_is_one_payment(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
    ).json()
    body = callback(sub["reference"], sub["totals"]["total"])
    responses = await asyncio.gather(
        *(
            contribution.client.post(
                f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
            )
            for _ in range(50)
        )
    )
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["payment_id"] for r in responses}) == 1
    assert await count(contribution, Payment, bank_txn_id=body["bank_txn_id"]) == 1


async def test_a_burst_of_payments_to_one_submission_adds_up_as_if_paid_one_at_a_time(
    contribution: RunningService, nats_url: str
) -> None:
    """Callbacks that arrive together are written in shared transactions (group commit): each is
    still matched against what the ones before it left outstanding, and each keeps its own event."""
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
    ).json()
    total = Decimal(sub["totals"]["total"])
    bodies = [callback(sub["reference"], "1.00") for _ in range(40)]
    clash = {**bodies[5], "amount": "2.00"}
    batches_before, written_before = _group_commits()
    async with EventWatcher(nats_url, "contribution.payment.received") as watcher:
        responses = await asyncio.gather(
            *(
                contribution.client.post(
                    f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
                )
                for body in [*bodies, clash]
            )
        )
        assert [r.status_code for r in responses] == [200] * 40 + [409]
        answers = [r.json() for r in responses[:40]]
        ids = {a["payment_id"] for a in answers}
        events = await watcher.wait_for(lambda e: e["subject"] in ids, count=40)
    expected, outstanding = [], total
    for _ in range(40):
        expected.append(
            "partial" if outstanding > 1 else "settled" if outstanding == 1 else "overpaid"
        )
        outstanding -= 1
    assert sorted(a["status"] for a in answers) == sorted(expected)
    async with contribution.runtime.sessionmaker() as session:
        paid = await session.scalar(
            select(Submission.amount_paid).where(Submission.reference == sub["reference"])
        )
    assert paid == Decimal("40.00")
    assert len({e["correlation_id"] for e in events}) == 40
    assert await count(contribution, Payment, reference=sub["reference"]) == 40
    batches, written = _group_commits()
    assert written - written_before == 41
    assert batches - batches_before < 41, "the burst never shared a transaction"


def _group_commits() -> tuple[float, float]:
    labels = {"writer": "contribution.payments"}
    batches = REGISTRY.get_sample_value("group_commit_batch_size_count", labels) or 0.0
    written = REGISTRY.get_sample_value("group_commit_batch_size_sum", labels) or 0.0
    return batches, written


async def test_unknown_reference_is_kept_as_unmatched(contribution: RunningService) -> None:
    body = callback("NO-SUCH-REF-" + random_txn_id(), "50.00")
    response = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
    )
    assert response.status_code == 200
    assert response.json()["status"] == "unmatched"
    unmatched = await contribution.client.get(
        f"{BASE}/payments", params={"status": "unmatched", "limit": "500"}, headers=auth.officer()
    )
    assert body["reference"] in {p["reference"] for p in unmatched.json()["items"]}


async def test_a_bank_token_acts_only_for_its_own_bank_code(contribution: RunningService) -> None:
    body = callback("ANY", "1.00")
    assert (
        await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("CIMB")
        )
    ).status_code == 404
    assert (
        await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.officer()
        )
    ).status_code == 403
    assert await count(contribution, Payment, bank_txn_id=body["bank_txn_id"]) == 0


async def test_partial_payment_then_late_remainder_pays_interest_on_the_remainder(
    contribution: RunningService,
) -> None:
    """Due 15 Aug 2025. RM50.00 on time, the RM41.40 rest a day late: 6% x 41.40 x 1/365 is under
    the RM5 minimum for a month or part of one, so RM5.00."""
    code = await register_employer(contribution)
    sub = (
        await submit(
            contribution,
            code,
            [{"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "A", "wage": "3450.00"}],
        )
    ).json()
    part = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(sub["reference"], "50.00", "2025-08-15T23:59:00+08:00"),
        headers=auth.bank(),
    )
    assert part.json()["status"] == "partial"
    assert part.json()["late_interest"] == "0.00"
    rest = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(sub["reference"], "41.40", "2025-08-16T00:01:00+08:00"),
        headers=auth.bank(),
    )
    assert rest.json()["status"] == "settled"
    assert (rest.json()["days_late"], rest.json()["late_interest"]) == (1, "5.00")
    statement = (
        await contribution.client.get(
            f"{BASE}/employers/{code}/statement", headers=auth.employer(code)
        )
    ).json()
    row = next(s for s in statement["submissions"] if s["reference"] == sub["reference"])
    assert (row["outstanding"], row["late_interest_assessed"], row["status"]) == (
        "0.00",
        "5.00",
        "paid",
    )
    assert {p["payment_id"] for p in statement["payments"]} == {
        part.json()["payment_id"],
        rest.json()["payment_id"],
    }


async def test_statement_shows_interest_accruing_on_overdue_amounts(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    sub = (
        await submit(
            contribution,
            code,
            [{"ic": random_ic(), "name": "A", "wage": "1000.00"}],
            month="2025-05",
        )
    ).json()
    statement = await contribution.client.get(
        f"{BASE}/employers/{code}/statement", headers=auth.dashboard()
    )
    assert statement.status_code == 200
    row = next(s for s in statement.json()["submissions"] if s["reference"] == sub["reference"])
    # 15 June 2025 is a Sunday, so the deadline is Friday 13 June; on 31 August it is long overdue.
    assert row["due_date"] == "2025-06-13"
    assert row["days_overdue"] > 0
    assert row["interest_accruing"] != "0.00"
    assert statement.json()["as_of"] == "2025-08-31"


async def test_a_future_month_is_refused(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    response = await submit(
        contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1.00"}], month="2025-09"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "month"
