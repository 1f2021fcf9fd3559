"""Issue 21, the dashboard's charts in headless Chromium: collections by day and bank, arrears
ageing; drawn from known report data, and from the contribution service's own reports."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from gateway.signatures import sign
from tests.gateway.browser.dashboard_page import Dashboard, dashboard
from tests.gateway.browser.test_dashboard_in_chromium import ARTIFACTS
from tests.gateway.conftest import Stack
from tests.gateway.integration.test_front_door import member_with_contributions
from tests.support.builders import random_txn_id

DOCS = Path(__file__).resolve().parents[3] / "docs"

COLLECTIONS = [
    {"day": "2025-08-01", "bank_code": "CIMB", "payments": 2, "amount": "150.00"},
    {"day": "2025-08-01", "bank_code": "MBB", "payments": 3, "amount": "300.50"},
    {"day": "2025-08-05", "bank_code": "MBB", "payments": 1, "amount": "99.99"},
    {"day": "2025-08-20", "bank_code": "BIMB", "payments": 1, "amount": "1000.00"},
    {"day": "2025-08-20", "bank_code": "CIMB", "payments": 4, "amount": "420.00"},
    {"day": "2025-08-20", "bank_code": "MBB", "payments": 2, "amount": "80.00"},
]
# What the arrears totals report answers for two employers: E1000001 owes 100.00 (0-30),
# 250.00 (61-90) and 1,200.00 (over 90); E2000002 owes 50.00 (0-30) and 300.00 (over 90).
ARREARS = {
    "as_of": "2025-08-31",
    "employers": 2,
    "outstanding": "1900.00",
    "bands": [
        {"band": "0-30", "employers": 2, "submissions": 2, "outstanding": "150.00"},
        {"band": "31-60", "employers": 0, "submissions": 0, "outstanding": "0.00"},
        {"band": "61-90", "employers": 1, "submissions": 1, "outstanding": "250.00"},
        {"band": "over 90", "employers": 2, "submissions": 5, "outstanding": "1500.00"},
    ],
}


async def texts(board: Dashboard, selector: str) -> list[str]:
    return [
        (await e.text_content() or "").strip()
        for e in await board.page.query_selector_all(selector)
    ]


async def cells(board: Dashboard, selector: str) -> list[list[str]]:
    """Each table row matched, as the texts of its cells."""
    found = []
    for row in await board.page.query_selector_all(selector):
        found.append(
            [(await c.text_content() or "") for c in await row.query_selector_all("th, td")]
        )
    return found


async def heights(board: Dashboard, selector: str) -> dict[str, float]:
    found = {}
    for bar in await board.page.query_selector_all(selector):
        found[await bar.get_attribute("data-band") or ""] = float(
            await bar.get_attribute("height") or 0
        )
    return found


async def count_until(board: Dashboard, selector: str, wanted: int, seconds: float = 15) -> int:
    found = -1
    for _ in range(int(seconds * 10)):
        found = len(await board.page.query_selector_all(selector))
        if found == wanted:
            return found
        await asyncio.sleep(0.1)
    return found


async def test_the_charts_draw_known_report_data_with_legends_and_tables(stack: Stack) -> None:
    asked: list[dict[str, list[str]]] = []

    async def collections(route: Any) -> None:
        query = parse_qs(urlsplit(route.request.url).query)
        if query.get("format") == ["csv"]:
            await route.continue_()
            return
        asked.append(query)
        await route.fulfill(
            status=200, content_type="application/json", body=json.dumps(COLLECTIONS)
        )

    async def arrears(route: Any) -> None:
        await route.fulfill(status=200, content_type="application/json", body=json.dumps(ARREARS))

    # Something in the feed for the picture: a submission and its payment.
    _, reference = await member_with_contributions(stack)
    await pay(stack, "MBB", "whsec-maybank", reference, "12.34")
    routes = {
        r"/v1/contributions/reports/collections": collections,
        r"/v1/contributions/reports/arrears-ageing/totals$": arrears,
    }
    async with dashboard(stack, zone="UTC", routes=routes, height=1500) as board:
        await board.sign_in()
        await board.wait_online()
        assert await count_until(board, "#collections-chart rect.segment", 6) == 6
        days = [
            await g.get_attribute("data-day")
            for g in await board.page.query_selector_all("#collections-chart g.bar")
        ]
        on_the_20th = await texts(
            board, "#collections-chart g.bar[data-day='2025-08-20'] rect title"
        )
        banks = await texts(board, "#collections-legend li")
        collections_label = await board.page.get_attribute("#collections-chart", "aria-label")
        collections_table = await cells(board, "#collections-table tr")
        ageing_bars = await heights(board, "#ageing-chart rect.bar")
        ageing_legend = await texts(board, "#ageing-legend li")
        ageing_label = await board.page.get_attribute("#ageing-chart", "aria-label")
        ageing_table = await cells(board, "#ageing-table tr")
        await board.page.click("#collections summary")
        await board.page.click("#ageing summary")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "dashboard-charts.png"
        await board.page.screenshot(path=str(shot), full_page=True)
        errors = board.errors
    # The month of the services' business day (2025-08-31 in these tests), from its first day.
    assert asked
    assert asked[-1]["from"] == ["2025-08-01"]
    assert asked[-1]["to"] == ["2025-08-31"]
    assert days == ["2025-08-01", "2025-08-05", "2025-08-20"]
    assert on_the_20th == [
        "20 Aug, BIMB: RM 1,000.00 (1 payment)",
        "20 Aug, CIMB: RM 420.00 (4 payments)",
        "20 Aug, MBB: RM 80.00 (2 payments)",
    ]
    assert banks == ["BIMB", "CIMB", "MBB"]
    assert collections_label == (
        "Collections 1 Aug to 31 Aug: RM 2,050.49 from 13 payments on 3 days, through BIMB, CIMB, MBB"
    )
    assert collections_table == [
        ["Day", "BIMB", "CIMB", "MBB", "All banks"],
        ["1 Aug", "", "RM 150.00", "RM 300.50", "RM 450.50"],
        ["5 Aug", "", "", "RM 99.99", "RM 99.99"],
        ["20 Aug", "RM 1,000.00", "RM 420.00", "RM 80.00", "RM 1,500.00"],
        ["Total", "RM 1,000.00", "RM 570.00", "RM 480.49", "RM 2,050.49"],
    ]
    # Four bands; 31-60 owes nothing, so three bars, the tallest over 90 days (1,500 of 1,900).
    assert set(ageing_bars) == {"days_0_30", "days_61_90", "over_90"}
    assert ageing_bars["over_90"] == max(ageing_bars.values())
    assert round(ageing_bars["over_90"] / ageing_bars["days_0_30"]) == 10
    assert ageing_legend == [
        "0-30 days past due",
        "31-60 days past due",
        "61-90 days past due",
        "over 90 days past due",
    ]
    assert ageing_label is not None
    assert "RM 1,900.00 owed past due by 2 employers" in ageing_label
    assert ageing_table == [
        ["Days past due", "Outstanding", "Employers"],
        ["0-30 days", "RM 150.00", "2"],
        ["31-60 days", "RM 0.00", "0"],
        ["61-90 days", "RM 250.00", "1"],
        ["over 90 days", "RM 1,500.00", "2"],
        ["All", "RM 1,900.00", "2"],
    ]
    assert not [e for e in errors if "Refused" in e or "Uncaught" in e], errors
    assert shot.stat().st_size > 20_000


async def pay(stack: Stack, bank: str, secret: str, reference: str, amount: str) -> None:
    body = json.dumps(
        {
            "bank_txn_id": random_txn_id(),
            "reference": reference,
            "amount": amount,
            "paid_at": "2025-08-12T09:30:00+08:00",
            "channel": "FPX",
        }
    ).encode()
    response = await stack.client.post(
        f"/v1/contributions/payments/callbacks/{bank}",
        content=body,
        headers={
            "X-Signature": sign(secret, int(time.time()), body),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 200, response.text


async def test_the_charts_follow_the_contribution_services_reports(stack: Stack) -> None:
    """Through the gateway, end to end: what the report says is what is drawn."""
    _, reference = await member_with_contributions(stack)
    await pay(stack, "MBB", "whsec-maybank", reference, "40.00")
    await pay(stack, "CIMB", "whsec-cimb", reference, "25.50")
    officer = await stack.headers("officer-1")
    report = await stack.client.get(
        "/v1/contributions/reports/collections?from=2025-08-01&to=2025-08-31", headers=officer
    )
    ageing = await stack.client.get(
        "/v1/contributions/reports/arrears-ageing/totals", headers=officer
    )
    assert report.status_code == ageing.status_code == 200
    segments = [r for r in report.json() if r["amount"] != "0.00"]
    owed = [b for b in ageing.json()["bands"] if b["outstanding"] != "0.00"]
    assert any(r["bank_code"] == "CIMB" and r["day"] == "2025-08-12" for r in segments)
    async with dashboard(stack, zone="Asia/Tokyo") as board:
        await board.sign_in()
        assert await count_until(board, "#collections-chart rect.segment", len(segments)) == len(
            segments
        )
        assert await count_until(board, "#ageing-chart rect.bar", len(owed)) == len(owed)
        cimb = await board.page.query_selector(
            "#collections-chart g.bar[data-day='2025-08-12'] rect[data-bank='CIMB'] title"
        )
        assert cimb is not None
        assert "12 Aug, CIMB: RM" in (await cimb.text_content() or "")


def test_the_readme_shows_a_small_dashboard_picture() -> None:
    """The picture in the README is the dashboard with its charts, kept small."""
    picture = DOCS / "dashboard.png"
    assert (
        "![The operations dashboard](docs/dashboard.png)" in (DOCS.parent / "README.md").read_text()
    )
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size < 400_000
