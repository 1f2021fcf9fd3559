"""The dashboard signed in, in headless Chromium running in a chosen time zone (its TZ)."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.gateway.browser.test_dashboard_in_chromium import CHROMIUM_FLAGS, chromium_path
from tests.gateway.conftest import Stack, secret_of

Routes = dict[str, Callable[[Any], Awaitable[None]]]


@dataclass
class Dashboard:
    page: Any
    errors: list[str] = field(default_factory=list)

    async def sign_in(self, client_id: str = "ops-dashboard") -> None:
        await self.page.fill("#client-id", client_id)
        await self.page.fill("#client-secret", secret_of(client_id))
        await self.page.click("button[type=submit]")
        await self.page.wait_for_selector("#board:not([hidden])", timeout=10_000)

    async def wait_online(self, seconds: float = 20) -> None:
        """Until the live stream has started; what the page logged if it never does."""
        try:
            await self.page.wait_for_selector("#connection.online", timeout=seconds * 1000)
        except Exception as exc:
            raise AssertionError(f"the feed never went live; the page said {self.errors}") from exc

    async def feed(self) -> list[dict[str, str]]:
        """The feed's lines top to bottom: id, Malaysian time shown, its datetime, the text."""
        lines = []
        for item in await self.page.query_selector_all("#feed li"):
            when = await item.query_selector("time")
            assert when is not None
            lines.append(
                {
                    "id": await item.get_attribute("data-event-id") or "",
                    "shown": await when.text_content() or "",
                    "datetime": await when.get_attribute("datetime") or "",
                    "text": await item.text_content() or "",
                }
            )
        return lines

    async def text_until(self, selector: str, wanted: str, seconds: float = 15) -> str:
        """The element's text once it contains `wanted` (the CSP refuses wait_for_function)."""
        text = ""
        for _ in range(int(seconds * 10)):
            text = await self.page.text_content(selector) or ""
            if wanted in text:
                return text
            await asyncio.sleep(0.1)
        raise AssertionError(f"{selector} never showed {wanted!r}; it shows {text!r}")

    async def overflow(self, selector: str) -> list[tuple[int, int]]:
        """(scrollWidth, clientWidth) of each element matched: wider content than box is clipped."""
        return [
            await element.evaluate("e => [e.scrollWidth, e.clientWidth]")
            for element in await self.page.query_selector_all(selector)
        ]


@asynccontextmanager
async def dashboard(
    stack: Stack, *, zone: str = "UTC", routes: Routes | None = None, height: int = 1000
) -> AsyncIterator[Dashboard]:
    """A page on the dashboard, its browser started with TZ=`zone`; each of `routes` (a regular
    expression searched in the URL) answers for the gateway."""
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            env={**os.environ, "TZ": zone},
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": height})
            board = Dashboard(page)
            page.on("pageerror", lambda error: board.errors.append(str(error)))
            page.on(
                "console",
                lambda message: (
                    board.errors.append(message.text)
                    if message.type in ("error", "warning")
                    else None
                ),
            )
            for pattern, handler in (routes or {}).items():
                await page.route(re.compile(pattern), handler)
            await page.goto(f"{stack.gateway_url}/dashboard")
            yield board
        finally:
            await browser.close()
