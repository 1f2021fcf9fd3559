"""The notice of a hearing as PDF: the case, the board, the day and time in Malaysia time, the
appellant's IC masked; seen by whoever may see the appeal (issue 21)."""

from __future__ import annotations

import random
from datetime import datetime

from services.appeals.domain.boards import board_for_state
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.ic import mask_ic
from tests.appeals.integration.test_appeals_api import BASE, appeal_body
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.papers import printed
from tests.support.services import RunningService


async def scheduled(appeals: RunningService) -> tuple[str, dict, dict]:
    """A member's appeal in Sabah with a hearing on some free morning of late 2025."""
    ic = random_ic()
    appeal = await appeals.client.post(
        BASE, json=appeal_body(ic, state="SBH"), headers=auth.member(ic)
    )
    assert appeal.status_code == 201, appeal.text
    for _ in range(20):
        starts = datetime(
            2025,
            random.randint(10, 12),
            random.randint(1, 28),
            random.randint(8, 11),
            tzinfo=MALAYSIA_TIME,
        )
        hearing = await appeals.client.post(
            f"{BASE}/{appeal.json()['id']}/hearings",
            json={"starts_at": starts.isoformat(), "duration_minutes": 60},
            headers=auth.secretariat(),
        )
        if hearing.status_code != 409:  # the board already sits then: another slot
            break
    assert hearing.status_code == 201, hearing.text
    return ic, appeal.json(), hearing.json()


async def test_the_notice_names_the_case_the_board_and_the_hour(appeals: RunningService) -> None:
    ic, appeal, hearing = await scheduled(appeals)
    paper = printed(
        await appeals.client.get(
            f"{BASE}/{appeal['id']}/hearings/{hearing['id']}/notice.pdf", headers=auth.member(ic)
        ),
        keep_as="hearing-notice.png",
    )
    text = paper.text
    starts = datetime.fromisoformat(hearing["starts_at"]).astimezone(MALAYSIA_TIME)
    board = board_for_state("SBH")
    assert "Notice of hearing" in text
    assert appeal["case_number"] in text
    assert mask_ic(ic) in text
    assert ic not in text.replace("-", "")
    assert board.name in text
    assert board.seat in text
    assert f"{starts.day} {starts:%b %Y}" in text
    assert f"{starts:%H:%M} to {starts.hour + 1:02d}:{starts:%M} (Malaysia time)" in text
    assert "Employees' Social Security Act 1969 (Act 4), section 84" in text


async def test_an_adjourned_hearings_notice_says_so(appeals: RunningService) -> None:
    _, appeal, hearing = await scheduled(appeals)
    adjourned = await appeals.client.post(
        f"{BASE}/{appeal['id']}/hearings/{hearing['id']}/adjourn",
        json={"reason": "Appellant in hospital"},
        headers=auth.secretariat(),
    )
    assert adjourned.status_code == 200, adjourned.text
    paper = printed(
        await appeals.client.get(
            f"{BASE}/{appeal['id']}/hearings/{hearing['id']}/notice.pdf",
            headers=auth.secretariat(),
        )
    )
    assert "This hearing is adjourned: Appellant in hospital." in paper.text


async def test_the_notice_is_for_whoever_may_see_the_appeal(appeals: RunningService) -> None:
    """Another member gets what the appeal's GET answers them (404), and so does a hearing of
    another appeal."""
    ic, appeal, hearing = await scheduled(appeals)
    _, other_appeal, other_hearing = await scheduled(appeals)
    notice = f"{BASE}/{appeal['id']}/hearings/{hearing['id']}/notice.pdf"
    stranger = auth.member(random_ic())
    assert (await appeals.client.get(f"{BASE}/{appeal['id']}", headers=stranger)).status_code == 404
    assert (await appeals.client.get(notice, headers=stranger)).status_code == 404
    crossed = f"{BASE}/{appeal['id']}/hearings/{other_hearing['id']}/notice.pdf"
    assert (await appeals.client.get(crossed, headers=auth.member(ic))).status_code == 404
    assert other_appeal["id"] != appeal["id"]
    for staff in (auth.officer(), auth.dashboard(), auth.secretariat()):
        assert (await appeals.client.get(notice, headers=staff)).status_code == 200
