"""A record's history (CONTRACT.md "History of a record"): whoever may see the record sees it."""

from __future__ import annotations

from tests.appeals.integration.test_appeals_api import BASE as APPEALS
from tests.appeals.integration.test_appeals_api import appeal_body
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService


def kinds(answer: object) -> list[str]:
    return [item["event_type"] for item in answer.json()["items"]]  # type: ignore[attr-defined]


async def test_an_appeal_shows_its_filing_to_its_appellant(appeals: RunningService) -> None:
    ic = random_ic()
    filed = await appeals.client.post(APPEALS, json=appeal_body(ic), headers=auth.member(ic))
    appeal_id = filed.json()["id"]
    shown = await appeals.client.get(f"{APPEALS}/{appeal_id}/history", headers=auth.member(ic))
    assert kinds(shown) == ["appeals.appeal.filed"]
    assert ic not in shown.text
    stranger = await appeals.client.get(
        f"{APPEALS}/{appeal_id}/history", headers=auth.member(random_ic())
    )
    assert stranger.status_code == 404
