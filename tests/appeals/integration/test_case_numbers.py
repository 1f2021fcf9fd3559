"""Case numbers: a board's year counts 0001, 0002, ... however many file at once (the scale
benchmark's concurrent filings found the first two of a year colliding: one 409)."""

from __future__ import annotations

import asyncio

from tests.appeals.integration.test_appeals_api import BASE, appeal_body
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService, clock_at


async def test_the_first_filings_of_a_boards_year_at_once_each_get_their_own_number(
    appeals: RunningService,
) -> None:
    # A year no other test files in, so its counter does not exist yet.
    with clock_at(appeals, "2031-03-02T10:00:00+08:00"):
        people = [random_ic(age=40) for _ in range(8)]
        answers = await asyncio.gather(
            *(
                appeals.client.post(
                    BASE,
                    json=appeal_body(ic, state="PLS", cause_of_action_date="2031-01-05"),
                    headers=auth.member(ic),
                )
                for ic in people
            )
        )
    assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers]
    numbers = sorted(a.json()["case_number"] for a in answers)
    board = answers[0].json()["board_code"]
    assert numbers == [f"SSAB/{board}/2031/{n:04d}" for n in range(1, 9)]
