"""A loan's history (CONTRACT.md "History of a record"): every state it went through, who asked
and who approved, oldest first, for whoever may see the loan (issue 17)."""

from __future__ import annotations

from tests.loan.integration.test_disbursement_four_eyes import SEMESTER_ONE
from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.four_eyes import approve
from tests.support.services import RunningService


async def history(loan: RunningService, loan_id: str, headers: dict[str, str]) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await loan.client.get(f"{BASE}/{loan_id}/history", params=params, headers=headers)
        assert page.status_code == 200, page.text
        items.extend(page.json()["items"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


async def test_a_loan_shows_who_asked_who_approved_and_every_state(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    held = await loan.client.post(
        f"{BASE}/{loan_id}/disbursements", json=SEMESTER_ONE, headers=auth.officer()
    )
    assert (await approve(loan.client, BASE, held)).status_code == 200
    items = await history(loan, loan_id, auth.member(ic))
    kinds = [i["event_type"] for i in items]
    # The approval of the application is part of the loan's story, as are the approval events.
    assert kinds[0] == "loan.application.approved"
    assert kinds[-3:] == ["loan.approval.requested", "loan.approval.approved", "loan.disbursed"]
    assert "loan.offer.accepted" in kinds
    by_type = {i["event_type"]: i for i in items}
    assert by_type["loan.approval.requested"]["actor"] == "officer-1"
    assert by_type["loan.disbursed"]["actor"] == "officer-2"
    assert "requested_by officer-1" in by_type["loan.disbursed"]["summary"]
    assert by_type["loan.disbursed"]["summary"].startswith("disbursed by officer-2")
    assert all(i["at"].endswith("+08:00") and i["correlation_id"] for i in items)
    # Nothing personal in a summary: the guarantor was recorded by key, not by IC or name.
    assert not any(ic in i["summary"] for i in items)


async def test_whoever_may_not_see_the_loan_may_not_see_its_history(loan: RunningService) -> None:
    _, loan_id = await active_loan(loan)
    stranger = await loan.client.get(f"{BASE}/{loan_id}/history", headers=auth.member(random_ic()))
    assert stranger.status_code == 404
    missing = await loan.client.get(f"{BASE}/no-such-loan/history", headers=auth.officer())
    assert missing.status_code == 404
    bad = await loan.client.get(
        f"{BASE}/{loan_id}/history", params={"cursor": "WyJ4Il0"}, headers=auth.officer()
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cursor")
