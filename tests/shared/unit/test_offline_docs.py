"""shared.web.docs on a bare app: the pages name only the app's own paths, under its root path."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from shared.web.docs import install_offline_docs


def bare_app() -> FastAPI:
    app = FastAPI(title='Test <"API">', docs_url=None, redoc_url=None)
    install_offline_docs(app, title=app.title)
    return app


async def test_swagger_ui_starts_from_a_file_not_an_inline_script() -> None:
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        page = (await client.get("/docs")).text
        init = await client.get("/docs/assets/swagger-init.js")
    assert "<script>" not in page
    assert '<script src="/docs/assets/swagger-init.js"></script>' in page
    assert 'data-openapi-url="/openapi.json"' in page
    assert "<title>Test &lt;&quot;API&quot;&gt; - Swagger UI</title>" in page
    assert init.status_code == 200
    assert init.headers["content-type"].startswith("text/javascript")
    assert "validatorUrl: null" in init.text


async def test_pages_and_assets_follow_the_root_path() -> None:
    transport = httpx.ASGITransport(app=bare_app(), root_path="/api")
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        swagger = (await client.get("/docs")).text
        redoc = (await client.get("/redoc")).text
    assert 'href="/api/docs/assets/swagger-ui.css"' in swagger
    assert 'data-openapi-url="/api/openapi.json"' in swagger
    assert '<redoc spec-url="/api/openapi.json">' in redoc
    assert 'src="/api/docs/assets/redoc.standalone.js"' in redoc
    assert "fonts.googleapis.com" not in redoc


async def test_the_assets_mount_serves_nothing_but_assets() -> None:
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        for name in ("../docs.py", "../app.py", "__init__.py", "core.py"):
            assert (await client.get(f"/docs/assets/{name}")).status_code == 404, name
