"""Every instant a client sees is in Malaysia time (+08:00), whatever offset it was given in."""

from __future__ import annotations

from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.events import EventWatcher
from tests.support.instants import instants_not_in_malaysia_time
from tests.support.services import RunningService


def test_the_walker_finds_instants_in_any_other_offset() -> None:
    document = {
        "a": "2025-08-14T02:00:00Z",
        "b": ["2025-08-14T02:00:00+00:00"],
        "c": "paid at 2025-08-14T10:00:00+08:00",
        "d": "2025-08-14",
    }
    assert instants_not_in_malaysia_time(document) == [
        "$.a: 2025-08-14T02:00:00Z",
        "$.b[0]: 2025-08-14T02:00:00+00:00",
    ]


async def test_a_payment_made_in_utc_is_shown_in_malaysia_time_everywhere(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    officer = auth.officer()
    sub = await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "3450.00"}])
    assert sub.status_code == 201, sub.text
    reference = sub.json()["reference"]
    answers = [sub.json()]
    async with EventWatcher(nats_url, "contribution.payment.received") as watcher:
        paid = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            # 10:00 in Kuala Lumpur, as a bank whose clock runs in UTC writes it.
            json=callback(reference, sub.json()["totals"]["total"], "2025-08-14T02:00:00Z"),
            headers=auth.bank("MBB"),
        )
        assert paid.status_code == 200, paid.text
        payment_id = paid.json()["payment_id"]
        events = await watcher.wait_for(lambda e: e["subject"] == payment_id)
    answers.append(paid.json())
    for path in (
        f"/employers/{code}",
        f"/employers/{code}/submissions/{reference}",
        f"/employers/{code}/submissions/{reference}/history",
        f"/employers/{code}/statement",
        f"/payments/{payment_id}",
        f"/payments/{payment_id}/history",
        "/payments/received?since=2025-08-14",
    ):
        read = await contribution.client.get(f"{BASE}{path}", headers=officer)
        assert read.status_code == 200, (path, read.text)
        answers.append(read.json())
    answers.append(events[0])

    assert instants_not_in_malaysia_time(answers) == []
    assert paid.json().get("paid_at", "2025-08-14T10:00:00+08:00") == "2025-08-14T10:00:00+08:00"
    assert events[0]["occurred_at"].endswith("+08:00")
