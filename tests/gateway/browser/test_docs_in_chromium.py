"""The gateway's API documentation in headless Chromium, with every other host unreachable.

Each request the page makes to a host other than the gateway's is aborted and recorded: the pages
must render the merged document from the gateway's own assets, under its Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.gateway.browser.test_dashboard_in_chromium import (
    ARTIFACTS,
    CHROMIUM_FLAGS,
    chromium_path,
)
from tests.gateway.conftest import Stack

# ReDoc's sidebar shows Redocly's logo from their CDN, written into its bundle, and hides it when
# it fails to load: the gateway's policy refuses it before any request leaves.
REDOCLY_LOGO = "cdn.redoc.ly/redoc/logo-mini.svg"


@dataclass
class OfflinePage:
    page: Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@asynccontextmanager
async def offline_page(stack: Stack) -> AsyncIterator[OfflinePage]:
    playwright_api = pytest.importorskip("playwright.async_api")
    executable = chromium_path()
    own = urlsplit(stack.gateway_url).netloc
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 1000})
            seen = OfflinePage(page)

            async def only_the_gateway(route: Any) -> None:
                if urlsplit(route.request.url).netloc == own:
                    await route.continue_()
                else:
                    seen.outside.append(route.request.url)
                    await route.abort()

            await page.route("**/*", only_the_gateway)
            page.on(
                "console",
                lambda message: (
                    seen.errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: seen.errors.append(str(error)))
            yield seen
        finally:
            await browser.close()


async def test_the_gateway_docs_render_the_merged_document_offline(stack: Stack) -> None:
    async with offline_page(stack) as seen:
        await seen.page.goto(f"{stack.gateway_url}/docs")
        await seen.page.wait_for_selector(".opblock", timeout=20_000)
        operations = await seen.page.query_selector_all(".opblock")
        title = await seen.page.text_content(".info .title")
        loans = await seen.page.query_selector_all(".opblock[id*='loans']")
        # Opening an operation shows its responses, the problems included.
        await operations[0].click()
        await seen.page.wait_for_selector(".opblock.is-open .responses-table", timeout=10_000)
        ARTIFACTS.mkdir(exist_ok=True)
        await seen.page.screenshot(path=str(ARTIFACTS / "docs.png"))
    assert seen.outside == []
    assert seen.errors == []
    assert "PERKESO platform API" in (title or "")
    # The merged document: the services' operations, not only the gateway's own.
    assert len(operations) > 50
    assert loans
    assert (ARTIFACTS / "docs.png").stat().st_size > 10_000


async def test_the_gateway_redoc_renders_and_searches_offline(stack: Stack) -> None:
    async with offline_page(stack) as seen:
        await seen.page.goto(f"{stack.gateway_url}/redoc")
        await seen.page.wait_for_selector("[data-section-id^='operation']", timeout=20_000)
        operations = await seen.page.query_selector_all("[data-section-id^='operation']")
        # Search runs in ReDoc's worker, which the policy lets it start on this page.
        await seen.page.fill("input[aria-label='Search']", "loan")
        await seen.page.wait_for_selector("[data-role='search:results'] li", timeout=10_000)
        ARTIFACTS.mkdir(exist_ok=True)
        await seen.page.screenshot(path=str(ARTIFACTS / "redoc.png"))
    assert seen.outside == []
    assert [e for e in seen.errors if REDOCLY_LOGO not in e] == []
    assert len(operations) > 50
