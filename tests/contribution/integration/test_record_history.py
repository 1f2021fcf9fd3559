"""A record's history (CONTRACT.md "History of a record"): whoever may see the record sees it."""

from __future__ import annotations

from datetime import date

from tests.contribution.integration.test_contribution_api import BASE as CONTRIBUTIONS
from tests.contribution.integration.test_contribution_api import callback, register_employer, submit
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService


def kinds(answer: object) -> list[str]:
    return [item["event_type"] for item in answer.json()["items"]]  # type: ignore[attr-defined]


async def test_a_submission_and_its_payment_show_what_happened_to_them(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    line = {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Siti", "wage": "3450.00"}
    sub = (await submit(contribution, code, [line])).json()
    paid = await contribution.client.post(
        f"{CONTRIBUTIONS}/payments/callbacks/MBB",
        json=callback(sub["reference"], sub["totals"]["total"]),
        headers=auth.bank("MBB"),
    )
    payment_id = paid.json()["payment_id"]
    path = f"{CONTRIBUTIONS}/employers/{code}/submissions/{sub['reference']}/history"
    mine = await contribution.client.get(path, headers=auth.employer(code))
    assert mine.status_code == 200, mine.text
    assert kinds(mine)[:2] == ["contribution.submission.accepted", "contribution.payment.received"]
    received = mine.json()["items"][1]
    assert "amount 91.40" in received["summary"]
    payment = await contribution.client.get(
        f"{CONTRIBUTIONS}/payments/{payment_id}/history", headers=auth.employer(code)
    )
    assert kinds(payment) == ["contribution.payment.received"]
    other = await register_employer(contribution)
    for url in (path, f"{CONTRIBUTIONS}/payments/{payment_id}/history"):
        assert (await contribution.client.get(url, headers=auth.employer(other))).status_code == 404
