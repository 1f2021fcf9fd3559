"""Issue 21, the dashboard's feed in headless Chromium: Malaysia time whatever the browser's zone,
time order also after a reload that replays several streams, counters readable at any count."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared.kernel.clock import MALAYSIA_TIME
from tests.gateway.browser.dashboard_page import dashboard
from tests.gateway.browser.test_dashboard_in_chromium import ARTIFACTS, events_since
from tests.gateway.conftest import Stack
from tests.gateway.integration.test_four_eyes import new_centre
from tests.support.builders import random_txn_id
from tests.support.services import DEFAULT_TIME

# Early morning in Malaysia is the evening before in UTC and in Los Angeles: the date differs too.
# The business day stays the tests' own (2025-08-31), so no deadline falls due meanwhile.
EARLY = datetime(2025, 8, 31, 7, 15, 30, tzinfo=MALAYSIA_TIME)


async def register_employer(stack: Stack) -> str:
    code = "E" + random_txn_id()[-7:].replace("X", "7")
    registered = await stack.client.post(
        "/v1/contributions/employers",
        json={"employer_code": code, "name": "Jam Sdn Bhd"},
        headers=await stack.headers("officer-1"),
    )
    assert registered.status_code == 201, registered.text
    return code


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
async def test_the_feed_shows_malaysia_time_with_the_date_whatever_the_browsers_zone(
    stack: Stack, zone: str
) -> None:
    # What the session published before, at later times than this test's event (other tests
    # move the clocks): more than the 200 lines the feed shows, all newer than the one awaited.
    stack.clock.set(DEFAULT_TIME + timedelta(hours=13))
    try:
        for _ in range(21):  # ten at a time: what a test may ask of the stack
            await asyncio.gather(*(register_employer(stack) for _ in range(10)))
    finally:
        stack.clock.set(DEFAULT_TIME)
    live = {r"/v1/events/stream": events_since()}
    async with dashboard(stack, zone=zone, routes=live) as board:
        # The browser really is in that zone: its own clock would print another time.
        offset = await board.page.evaluate(
            "() => new Date(Date.UTC(2025, 7, 31, 23)).getTimezoneOffset()"
        )
        assert offset == {"UTC": 0, "America/Los_Angeles": 420}[zone]
        await board.sign_in()
        await board.wait_online()
        stack.clock.set(EARLY)
        try:
            code = await register_employer(stack)
        finally:
            stack.clock.set(DEFAULT_TIME)
        line = f"#feed li:has-text('{code}')"
        await board.page.wait_for_selector(line, timeout=10_000)
        when = await board.page.query_selector(f"{line} time")
        assert when is not None
        assert await when.text_content() == "2025-08-31 07:15:30"
        assert await when.get_attribute("datetime") == "2025-08-31T07:15:30+08:00"
        assert "Malaysia" in (await board.page.text_content("h2:has(#feed-count) small") or "")


async def test_the_feed_is_in_time_order_after_a_reload_replays_several_streams(
    stack: Stack,
) -> None:
    """JetStream replays one stream after another; the page puts each event at its own time."""
    # The replay after the reload from this test's start: its own events, not the session's.
    mine = {r"/v1/events/stream": events_since(datetime.now(UTC))}
    async with dashboard(stack, zone="UTC", height=1400, routes=mine) as board:
        await board.sign_in()
        await board.wait_online()
        made: list[str] = []  # in the order they happened: contribution, dialysis, contribution...
        try:
            for minute in range(6):
                stack.clock.set(DEFAULT_TIME + timedelta(hours=3, minutes=minute))
                made.append(
                    await register_employer(stack) if minute % 2 == 0 else await new_centre(stack)
                )
        finally:
            stack.clock.set(DEFAULT_TIME)
        await board.page.wait_for_selector(f"#feed li:has-text('{made[-1]}')", timeout=10_000)
        await board.page.reload()
        await board.sign_in()
        for subject in made:
            await board.page.wait_for_selector(f"#feed li:has-text('{subject}')", timeout=15_000)
        lines = await board.feed()
    place = {
        subject: next(i for i, line in enumerate(lines) if subject in line["text"])
        for subject in made
    }
    assert sorted(made, key=place.__getitem__) == made[::-1], "newest first, streams interleaved"
    shown = [line["datetime"] for line in lines]
    assert shown == sorted(shown, reverse=True)
    assert [lines[place[s]]["shown"][11:] for s in made[::-1]] == [
        f"13:0{m}:00" for m in range(5, -1, -1)
    ]


def stream_body(events: list[dict[str, Any]]) -> str:
    blocks = [": connected\n\n"]
    blocks += [f"id: {e['id']}\nevent: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events]
    return "".join(blocks)


def synthetic_events(total: int) -> list[dict[str, Any]]:
    """`total` events as a replay sends them: each stream's in turn, their times interleaved."""
    start = datetime(2025, 8, 31, 8, 0, tzinfo=MALAYSIA_TIME)
    streams = ["contribution", "loan", "dialysis"]
    events = []
    for s, stream in enumerate(streams):
        for n in range(s, total, len(streams)):
            events.append(
                {
                    "id": f"evt-{n:06d}",
                    "type": f"{stream}.probe.seen",
                    "source": stream,
                    "subject": f"S{n}",
                    "occurred_at": (start + timedelta(seconds=n)).isoformat(),
                    "actor": "system",
                    "correlation_id": "",
                    "version": 1,
                    "data": {},
                }
            )
    # Two old ones as a hand-published envelope may be: no time, or not a time. They are counted,
    # go to the bottom, and stop nothing.
    del events[5]["occurred_at"]
    events[6]["occurred_at"] = "not a time"
    # The newest two are deadline breaches: their labelled lines stay.
    events[-1] |= {
        "type": "loan.guarantors.notified",
        "data": {"instalment": 4, "days_overdue": 61, "guarantors": ["a", "b"]},
    }
    events[-2] |= {
        "type": "appeals.appeal.hearing_overdue",
        "data": {"case_number": "B03/2025/0042", "hear_by": "2025-08-30"},
    }
    return events


def page_of(items: int) -> str:
    return json.dumps({"items": [{"status": "approved"}] * items, "next_cursor": None})


async def test_counters_and_feed_are_readable_at_any_count(stack: Stack) -> None:
    total = 12_345
    events = synthetic_events(total)
    served = {"streams": 0}

    async def stream(route: Any) -> None:
        served["streams"] += 1
        body = stream_body(events) if served["streams"] == 1 else ": connected\n\n"
        await route.fulfill(status=200, content_type="text/event-stream", body=body)

    def answer(body: str) -> Any:
        async def fulfil(route: Any) -> None:
            await route.fulfill(status=200, content_type="application/json", body=body)

        return fulfil

    received = {"since": "2025-08-31", "count": total, "total": "98765432.10", "payments": []}
    overdue = {"count": 999, "outstanding": "1234567.89", "items": [], "next_cursor": None}
    routes = {
        r"/v1/events/stream": stream,
        r"/v1/contributions/payments/received": answer(json.dumps(received)),
        r"/v1/contributions/overdue": answer(json.dumps(overdue)),
        r"/v1/loans\?suspended=true": answer(page_of(10)),
        r"/v1/dialysis/claims\?": answer(page_of(9)),
        r"/v1/dialysis/bills": answer(page_of(1)),
    }
    async with dashboard(stack, routes=routes, height=1400) as board:
        await board.sign_in()
        assert await board.text_until("#feed-count", "12,345", seconds=60) == "12,345"
        figures = {
            "#payments-count": "12,345",
            "#payments-total": "98,765,432.10",
            "#overdue-count": "999",
            "#overdue-outstanding": "1,234,567.89",
            "#loans-suspended": "10",
            "#claims-waiting": "9",
            "#bills-waiting": "1",
        }
        for selector, text in figures.items():
            assert await board.text_until(selector, text) == text
        lines = await board.feed()
        assert "the newest 200 shown" in (await board.page.text_content("#feed-shown") or "")
        clipped: dict[str, list[tuple[int, int]]] = {}
        for width in (1280, 720, 420):
            await board.page.set_viewport_size({"width": width, "height": 1400})
            await asyncio.sleep(0.5)  # the charts redraw for the new width
            for selector in ("html", ".tile", ".tile p", "#feed", "#feed li", ".card h2", ".card"):
                for scroll, client in await board.overflow(selector):
                    if scroll > client:
                        clipped.setdefault(f"{selector} at {width}px", []).append((scroll, client))
            ARTIFACTS.mkdir(exist_ok=True)
            await board.page.screenshot(path=str(ARTIFACTS / f"dashboard-{width}px.png"))
        breaches = await board.page.query_selector_all("#feed li.breach .breach-label")
        breach_text = [await b.text_content() for b in breaches]
        errors = board.errors
    assert clipped == {}
    assert len(lines) == 200
    # Newest first across the three streams: evt-012344, evt-012343, ... whatever came first.
    assert [line["id"] for line in lines] == [
        f"evt-{n:06d}" for n in range(total - 1, total - 201, -1)
    ]
    assert lines[0]["shown"] == "2025-08-31 11:25:44"  # 08:00 + 12,344 s, Malaysia time
    assert breach_text == [
        "Deadline missed: guarantors notified: instalment 4 61 days unpaid (2 guarantors)",
        "Deadline missed: appeal B03/2025/0042 not heard by 2025-08-30",
    ]
    assert not [e for e in errors if "Refused" in e or "Uncaught" in e], errors


async def test_at_one_instant_the_latest_arrival_is_on_top(stack: Stack) -> None:
    """A burst (or the suite's frozen business clock) puts hundreds of events at one instant:
    ordered by their random ids, the newest sank below the 200 lines shown and never appeared."""
    events = synthetic_events(300)
    at = "2025-08-31T10:00:00+08:00"
    for event in events:
        event["occurred_at"] = at
    events[-1] |= {"id": "evt-zzz-but-last", "type": "contribution.probe.seen", "subject": "LAST"}
    events[0] |= {"id": "evt-zzzz-first"}  # the id that would sort highest
    served = {"streams": 0}

    async def stream(route: Any) -> None:
        served["streams"] += 1
        body = stream_body(events) if served["streams"] == 1 else ": connected\n\n"
        await route.fulfill(status=200, content_type="text/event-stream", body=body)

    async with dashboard(stack, routes={r"/v1/events/stream": stream}) as board:
        await board.sign_in()
        assert await board.text_until("#feed-count", "300", seconds=30) == "300"
        lines = await board.feed()
    assert lines[0]["id"] == "evt-zzz-but-last"
