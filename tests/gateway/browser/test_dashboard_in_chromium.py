"""The operations dashboard in real headless Chromium: sign in, see a payment arrive live, keep a screenshot."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from gateway.signatures import sign
from tests.gateway.conftest import Stack, secret_of
from tests.gateway.integration.test_four_eyes import ask_grant, new_centre
from tests.gateway.integration.test_front_door import member_with_contributions
from tests.support.builders import random_txn_id

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def events_since(instant: datetime | None = None) -> Callable[[Any], Awaitable[None]]:
    """A route for the dashboard's event stream asked from `instant` (None: each request's own
    now) instead of from the start of today: a test waiting for its own events finds them among
    the newest lines, whatever the session published before it (the services' frozen and moved
    clocks give that history times of their own, the feed is in time order, the newest 200 shown)."""

    async def rewrite(route: Any) -> None:
        url = urlsplit(route.request.url)
        query = parse_qs(url.query)
        if "since" in query:
            query["since"] = [(instant or datetime.now(UTC)).isoformat()]
        await route.continue_(url=urlunsplit(url._replace(query=urlencode(query, doseq=True))))

    return rewrite


def chromium_path() -> str:
    """Debian's chromium, installed here by the test set-up when the machine lets us."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"],
            check=False,
            capture_output=True,
            timeout=900,
        )
        found = shutil.which("chromium")
        if found:
            return found
    pytest.skip("Chromium is not installed and cannot be installed here (needs root and apt-get)")


async def test_a_payment_appears_on_the_dashboard_within_seconds(stack: Stack) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    _, reference = await member_with_contributions(stack)
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.route(re.compile(r"/v1/events/stream"), events_since())
            await page.goto(f"{stack.gateway_url}/dashboard")
            await page.fill("#client-id", "ops-dashboard")
            await page.fill("#client-secret", secret_of("ops-dashboard"))
            await page.click("button[type=submit]")
            await page.wait_for_selector("#board:not([hidden])", timeout=10_000)
            await page.wait_for_selector("#connection.online", timeout=10_000)
            body = json.dumps(
                {
                    "bank_txn_id": random_txn_id(),
                    "reference": reference,
                    "amount": "12.34",
                    "paid_at": "2025-08-10T10:00:00+08:00",
                    "channel": "FPX",
                }
            ).encode()
            response = await stack.client.post(
                "/v1/contributions/payments/callbacks/MBB",
                content=body,
                headers={
                    "X-Signature": sign("whsec-maybank", int(time.time()), body),
                    "Content-Type": "application/json",
                },
            )
            assert response.status_code == 200
            started = time.monotonic()
            await page.wait_for_selector(f"#feed li:has-text('{reference}')", timeout=10_000)
            arrived = time.monotonic() - started
            # The page's CSP forbids evaluated scripts, so poll the text rather than wait_for_function.
            for _ in range(50):
                if int((await page.text_content("#payments-count") or "0").replace(",", "")) >= 1:
                    break
                await asyncio.sleep(0.2)
            assert int((await page.text_content("#payments-count") or "0").replace(",", "")) >= 1
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        finally:
            await browser.close()
    assert arrived < 10
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000


async def test_an_officer_approves_from_the_dashboard_and_sees_their_own_requests(
    stack: Stack,
) -> None:
    """Issue 17: the approvals panel, with the officer's own requests and those waiting for them."""
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    centre_id = await new_centre(stack)
    theirs = await ask_grant(stack, centre_id, "3100.00")  # asked by officer-1
    mine = await stack.client.post(
        f"/v1/dialysis/centres/{centre_id}/grants",
        json={"amount": "4200.00", "reason": "water treatment", "approved_on": "2025-08-30"},
        headers=await stack.headers("officer-2"),
    )
    assert mine.status_code == 202, mine.text
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 1100})
            await page.goto(f"{stack.gateway_url}/dashboard")
            await page.fill("#client-id", "officer-2")
            await page.fill("#client-secret", secret_of("officer-2"))
            await page.click("button[type=submit]")
            await page.wait_for_selector("#approvals:not([hidden])", timeout=10_000)
            waiting = f"#approvals-waiting tr[data-approval-id='{theirs['id']}']"
            own = f"#approvals-mine tr[data-approval-id='{mine.json()['approval']['id']}']"
            await page.wait_for_selector(waiting, timeout=10_000)
            await page.wait_for_selector(own, timeout=10_000)
            assert "officer-1" in (await page.text_content(waiting) or "")
            # One's own request offers no approve button: four eyes.
            assert await page.query_selector(f"{own} button") is None
            await page.click(f"{waiting} button.approve")
            await page.wait_for_selector(waiting, state="detached", timeout=10_000)
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "dashboard-approvals.png"), full_page=True)
        finally:
            await browser.close()
    decided = await stack.client.get(
        f"/v1/dialysis/approvals/{theirs['id']}", headers=await stack.headers("officer-3")
    )
    assert (decided.json()["status"], decided.json()["decided_by"]) == ("approved", "officer-2")


async def test_a_dashboard_client_sees_no_approvals_panel(stack: Stack) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = await browser.new_page()
            await page.goto(f"{stack.gateway_url}/dashboard")
            await page.fill("#client-id", "ops-dashboard")
            await page.fill("#client-secret", secret_of("ops-dashboard"))
            await page.click("button[type=submit]")
            await page.wait_for_selector("#board:not([hidden])", timeout=10_000)
            assert await page.is_hidden("#approvals")
        finally:
            await browser.close()


async def test_the_dashboard_downloads_each_report_as_csv(stack: Stack) -> None:
    """Issue 18: "The CLI can fetch them; the dashboard links them"."""
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = await browser.new_page(accept_downloads=True)
            await page.goto(f"{stack.gateway_url}/dashboard")
            await page.fill("#client-id", "ops-dashboard")
            await page.fill("#client-secret", secret_of("ops-dashboard"))
            await page.click("button[type=submit]")
            await page.wait_for_selector("#board:not([hidden])", timeout=10_000)
            headers = {
                "collections": "day,bank_code,payments,amount",
                "arrears-ageing": "employer_code,days_0_30,days_31_60,days_61_90,over_90,total,interest_accruing",
                "unmatched-ageing": "band,payments,amount",
            }
            for name, header in headers.items():
                async with page.expect_download(timeout=10_000) as info:
                    await page.click(f"button[data-report='{name}']")
                download = await info.value
                assert download.suggested_filename.startswith(name)
                saved = await download.path()
                assert saved is not None
                assert Path(saved).read_text().splitlines()[0] == header
            assert await page.is_hidden("#reports-error")
        finally:
            await browser.close()
