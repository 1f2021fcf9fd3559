"""A record's history (CONTRACT.md "History of a record"): whoever may see the record sees it."""

from __future__ import annotations

from tests.dialysis.integration.test_dialysis_api import BASE as DIALYSIS
from tests.dialysis.integration.test_payments_four_eyes import approved_bill
from tests.support import auth
from tests.support.four_eyes import with_two_officers
from tests.support.services import RunningService


def kinds(answer: object) -> list[str]:
    return [item["event_type"] for item in answer.json()["items"]]  # type: ignore[attr-defined]


async def test_a_bill_shows_its_payments_approval_and_who_gave_it(
    dialysis: RunningService, nats_url: str
) -> None:
    centre_id, bill_id = await approved_bill(dialysis, nats_url)
    assert (
        await with_two_officers(dialysis.client, DIALYSIS, f"/bills/{bill_id}/pay")
    ).status_code == 200
    shown = await dialysis.client.get(
        f"{DIALYSIS}/bills/{bill_id}/history", headers=auth.centre(centre_id)
    )
    assert shown.status_code == 200, shown.text
    items = shown.json()["items"]
    assert [i["event_type"] for i in items][-3:] == [
        "dialysis.approval.requested",
        "dialysis.approval.approved",
        "dialysis.claim.paid",
    ]
    assert [i["actor"] for i in items][-3:] == ["officer-1", "officer-2", "officer-2"]
    stranger = await dialysis.client.get(
        f"{DIALYSIS}/bills/{bill_id}/history", headers=auth.centre("C-OTHER")
    )
    assert stranger.status_code == 404
