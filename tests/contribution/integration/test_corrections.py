"""Corrections (CONTRACT.md "Corrections"; issue 18): a submission amended to a new version, the
difference outstanding or credit once paid; an unpaid one voided by an officer."""

from __future__ import annotations

from datetime import date

from tests.contribution.integration.test_contribution_api import BASE, register_employer, submit
from tests.contribution.integration.test_reconciliation import (
    every_sen_is_on_the_statement,
    pay,
    statement,
)
from tests.support import auth
from tests.support.builders import random_ic, random_socso_number
from tests.support.events import EventWatcher
from tests.support.pages import every_item
from tests.support.services import RunningService


def worker(wage: str = "3450.00") -> dict[str, str]:
    return {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Pekerja", "wage": wage}


async def accepted(contribution: RunningService, code: str, *lines: dict[str, str]) -> dict:
    answer = await submit(contribution, code, list(lines))
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def amend(contribution: RunningService, code: str, reference: str, body: dict, headers=None):
    return await contribution.client.post(
        f"{BASE}/employers/{code}/submissions/{reference}/amendments",
        json=body,
        headers=headers or auth.employer(code),
    )


async def test_an_employer_adds_removes_and_changes_lines_to_a_new_version(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    siti, ali = worker(), worker("2000.00")
    sub = await accepted(contribution, code, siti, ali)
    newcomer = {"socso_number": random_socso_number(), "name": "Budi", "wage": "3450.00"}
    async with EventWatcher(nats_url, "contribution.submission.amended") as watcher:
        answer = await amend(
            contribution,
            code,
            sub["reference"],
            {
                "add": [newcomer],
                "remove": [ali["ic"]],
                "change": [{"ic": siti["ic"], "wage": "1000.00"}],
                "reason": "Ali left in June; Siti's wage was keyed wrong",
            },
        )
        assert answer.status_code == 200, answer.text
        [event] = await watcher.wait_for(lambda e: e["subject"] == sub["reference"])
    body = answer.json()
    assert body["version"] == 2
    by_id = {line["ic"] or line["socso_number"]: line for line in body["lines"]}
    assert set(by_id) == {siti["ic"], newcomer["socso_number"]}
    # RM1,000, the Third Schedule's "900.00,1000.00" row: SOCSO 16.65 + 4.75 = 21.40; Act 800's
    # row: EIS 1.90 + 1.90 = 3.80; so 25.20. The foreign worker's RM3,450 at the second
    # category, employer only: 43.10.
    assert by_id[siti["ic"]]["total"] == "25.20"
    assert by_id[newcomer["socso_number"]]["total"] == "43.10"
    assert body["totals"]["total"] == "68.30"
    assert len({line["line_no"] for line in body["lines"]}) == 2
    assert (event["data"]["previous_total"], event["data"]["total"], event["data"]["version"]) == (
        sub["totals"]["total"],
        "68.30",
        2,
    )
    assert siti["ic"] not in str(event)
    got = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{sub['reference']}", headers=auth.employer(code)
    )
    assert (got.json()["version"], got.json()["totals"]["total"]) == (2, "68.30")
    # Ali's month is free again: he may be submitted on another return of this employer.
    again = await submit(contribution, code, [ali])
    assert again.status_code == 201, again.text


async def test_once_paid_less_becomes_credit_and_more_becomes_outstanding(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    siti = worker()
    sub = await accepted(contribution, code, siti)
    await pay(contribution, sub["reference"], sub["totals"]["total"])
    lower = await amend(
        contribution,
        code,
        sub["reference"],
        {"change": [{"ic": siti["ic"], "wage": "1000.00"}], "reason": "wage was RM1,000"},
    )
    assert lower.status_code == 200, lower.text
    shown = await statement(contribution, code)
    [line] = shown["submissions"]  # type: ignore[misc]
    assert (line["credit"], line["outstanding"], line["status"]) == ("66.20", "0.00", "paid")
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]
    more = await amend(
        contribution,
        code,
        sub["reference"],
        {"add": [worker(), worker()], "reason": "two missed"},
    )
    assert more.status_code == 200, more.text
    shown = await statement(contribution, code)
    [line] = shown["submissions"]  # type: ignore[misc]
    # 25.20 + 2 x 91.40 = 208.00 owed; 91.40 paid.
    assert (line["outstanding"], line["credit"], line["status"]) == ("116.60", "0.00", "partial")
    every_sen_is_on_the_statement(shown["totals"])  # type: ignore[arg-type]


async def test_an_amendment_that_cannot_be_made_names_each_field_and_changes_nothing(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    siti = worker()
    sub = await accepted(contribution, code, siti)
    stranger = random_ic(age=30, on=date(2025, 7, 1))
    bad = await amend(
        contribution,
        code,
        sub["reference"],
        {
            "remove": [stranger],
            "change": [{"ic": stranger, "wage": "10.00"}],
            "reason": "x",
        },
    )
    assert bad.status_code == 422, bad.text
    assert [(e["field"], e["code"]) for e in bad.json()["errors"]] == [
        ("remove[0]", "not-on-submission"),
        ("change[0].ic", "not-on-submission"),
    ]
    empty = await amend(contribution, code, sub["reference"], {"reason": "nothing"})
    assert empty.json()["errors"][0]["code"] == "nothing-to-amend"
    twice = await amend(contribution, code, sub["reference"], {"add": [siti], "reason": "dup"})
    assert twice.status_code == 409
    override = await amend(
        contribution,
        code,
        sub["reference"],
        {"add": [{**worker(), "category": "second"}], "reason": "x"},
    )
    assert override.json()["errors"][0]["field"] == "add[0].category"
    unchanged = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{sub['reference']}", headers=auth.employer(code)
    )
    assert unchanged.json()["version"] == 1
    other = await register_employer(contribution)
    theirs = await amend(
        contribution,
        code,
        sub["reference"],
        {"remove": [siti["ic"]], "reason": "x"},
        headers=auth.employer(other),
    )
    assert theirs.status_code == 404


async def test_an_officer_voids_an_unpaid_submission_and_its_people_are_free_again(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    siti = worker()
    sub = await accepted(contribution, code, siti)
    url = f"{BASE}/employers/{code}/submissions/{sub['reference']}/void"
    by_employer = await contribution.client.post(
        url, json={"reason": "sent twice"}, headers=auth.employer(code)
    )
    assert by_employer.status_code == 403
    async with EventWatcher(nats_url, "contribution.submission.voided") as watcher:
        voided = await contribution.client.post(
            url, json={"reason": "sent twice"}, headers=auth.officer()
        )
        assert voided.status_code == 200, voided.text
        await watcher.wait_for(lambda e: e["subject"] == sub["reference"])
    assert (voided.json()["status"], voided.json()["totals"]["total"]) == ("voided", "0.00")
    assert (await submit(contribution, code, [siti])).status_code == 201
    after = await amend(contribution, code, sub["reference"], {"add": [worker()], "reason": "x"})
    assert after.status_code == 409  # a voided submission is not amended
    stray = await pay(contribution, sub["reference"], "10.00")
    assert stray["status"] == "unmatched"  # a voided reference takes no money


async def test_a_paid_submission_cannot_be_voided(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    sub = await accepted(contribution, code, worker())
    await pay(contribution, sub["reference"], "1.00")
    refused = await contribution.client.post(
        f"{BASE}/employers/{code}/submissions/{sub['reference']}/void",
        json={"reason": "x"},
        headers=auth.officer(),
    )
    assert refused.status_code == 409


async def test_submissions_are_listed_by_status_and_month_and_an_employer_sees_its_own(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    july = await accepted(contribution, code, worker())
    voided = await accepted(contribution, code, worker())
    await contribution.client.post(
        f"{BASE}/employers/{code}/submissions/{voided['reference']}/void",
        json={"reason": "sent twice"},
        headers=auth.officer(),
    )
    mine = await contribution.client.get(
        f"{BASE}/submissions", params={"month": "2025-07"}, headers=auth.employer(code)
    )
    assert mine.status_code == 200, mine.text
    assert {s["reference"] for s in mine.json()["items"]} == {
        july["reference"],
        voided["reference"],
    }
    only_voided = await contribution.client.get(
        f"{BASE}/submissions", params={"status": "voided", "employer": code}, headers=auth.officer()
    )
    assert [s["reference"] for s in only_voided.json()["items"]] == [voided["reference"]]
    other = await register_employer(contribution)
    theirs = await contribution.client.get(
        f"{BASE}/submissions", params={"employer": code}, headers=auth.employer(other)
    )
    assert theirs.json()["items"] == []  # an employer's list is its own, whatever it asks
    overdue = await every_item(contribution.client, f"{BASE}/overdue", headers=auth.officer())
    assert voided["reference"] not in [s["reference"] for s in overdue]
