"""Issue: /docs was blank without internet (Swagger UI from a CDN) and /redoc was 404.

Every service and the gateway serve /docs and /redoc from assets of their own (shared.web.docs):
no page names another host, and every asset a page names answers, with its type.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.gateway.conftest import SERVICES, Stack

PAGES = ("/docs", "/redoc")
EXPECTED_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
}
ANY_URL = re.compile(r"""(?:https?:)?//[^\s"'<>()]+""", re.IGNORECASE)


class _References(HTMLParser):
    """The URLs a page loads: scripts, stylesheets, icons, images, and spec-url of ReDoc."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in {"src", "href", "spec-url", "data-openapi-url"}:
                self.urls.append(value)


def references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


def apps(stack: Stack) -> list[tuple[str, str]]:
    return [("gateway", stack.gateway_url), *((s, stack.service_urls[s]) for s in SERVICES)]


@pytest.mark.parametrize("page", PAGES)
async def test_no_docs_page_names_another_host(stack: Stack, page: str) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for name, base in apps(stack):
            response = await client.get(base + page)
            assert response.status_code == 200, (name, page, response.text)
            assert response.headers["content-type"].startswith("text/html")
            own_host = urlsplit(base).netloc
            outside = [
                url for url in ANY_URL.findall(response.text) if urlsplit(url).netloc != own_host
            ]
            assert outside == [], (name, page, outside)
            # And what it loads is a path on the app itself, not a URL of any host.
            for url in references(response.text):
                assert re.match(r"/(?!/)", url), (name, page, url)


@pytest.mark.parametrize("page", PAGES)
async def test_every_asset_a_docs_page_names_answers_with_its_type(stack: Stack, page: str) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for name, base in apps(stack):
            html = (await client.get(base + page)).text
            urls = references(html)
            assert any(u.endswith(".js") for u in urls), (name, page, urls)
            for url in urls:
                response = await client.get(urljoin(base + page, url))
                assert response.status_code == 200, (name, page, url)
                suffix = next((s for s in EXPECTED_TYPES if url.endswith(s)), None)
                content_type = response.headers["content-type"]
                if suffix is not None:
                    assert content_type.startswith(EXPECTED_TYPES[suffix]), (url, content_type)
                    assert len(response.content) > 0
                else:  # the OpenAPI document itself
                    assert content_type.startswith("application/json"), (url, content_type)
                    assert response.json()["paths"]


async def test_the_gateway_docs_show_the_merged_document(stack: Stack) -> None:
    page = await stack.client.get("/docs")
    assert 'data-openapi-url="/openapi.json"' in page.text
    document = (await stack.client.get("/openapi.json")).json()
    assert any(path.startswith("/v1/loans") for path in document["paths"])


async def test_the_gateway_keeps_its_strict_policy_on_the_docs(stack: Stack) -> None:
    """Swagger UI under the gateway's whole policy; ReDoc with inline styles, never scripts."""
    for path in ("/docs", "/docs/assets/swagger-init.js", "/openapi.json"):
        policy = (await stack.client.get(path)).headers["content-security-policy"]
        assert "script-src 'self';" in policy, (path, policy)
        assert "style-src 'self';" in policy, (path, policy)
        assert "unsafe" not in policy, (path, policy)
    policy = (await stack.client.get("/redoc")).headers["content-security-policy"]
    assert "script-src 'self';" in policy, policy
    assert "style-src 'self' 'unsafe-inline';" in policy, policy
    assert "worker-src 'self' blob:;" in policy, policy
    assert "unsafe-eval" not in policy, policy


async def test_redoc_is_no_longer_missing(stack: Stack) -> None:
    page = await stack.client.get("/redoc")
    assert page.status_code == 200
    assert '<redoc spec-url="/openapi.json">' in page.text
