"""API documentation pages that work offline: Swagger UI at /docs, ReDoc at /redoc.

FastAPI's own pages load Swagger UI and ReDoc from a CDN (and ReDoc's fonts from another), so
without internet access they are blank. Here both come from the pinned `fastapi-offline` package,
which ships Swagger UI's and ReDoc's distributed builds, and are served from `/docs/assets` with
the start-up script of Swagger UI (`docs_static/swagger-init.js`): no page holds an inline script
or names another host, so Swagger UI works under a strict Content-Security-Policy
(`script-src 'self'`). ReDoc writes inline styles and starts a search worker from a blob, which
the gateway allows on /redoc alone (gateway.security_headers). ReDoc's bundle also shows
Redocly's logo from their CDN, hiding it when it cannot load; the gateway's policy refuses it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs/assets"
# The package that ships the builds (pinned in pyproject.toml), and its folder of them.
ASSETS_PACKAGE = ("fastapi_offline", "static")
OWN_ASSETS = Path(__file__).resolve().parent / "docs_static"

SWAGGER_JS = "swagger-ui-bundle.js"
SWAGGER_CSS = "swagger-ui.css"
SWAGGER_INIT_JS = "swagger-init.js"
REDOC_JS = "redoc.standalone.js"
FAVICON = "favicon.png"


def docs_assets() -> StaticFiles:
    """The vendored builds and this module's own start-up script, as one static mount."""
    return StaticFiles(directory=OWN_ASSETS, packages=[ASSETS_PACKAGE])


def swagger_ui_html(*, title: str, openapi_url: str, assets_url: str = ASSETS_URL) -> HTMLResponse:
    """Swagger UI's page; the document's URL is handed to the start-up script as a data attribute.

    Not `fastapi.openapi.docs.get_swagger_ui_html`: it always writes Swagger UI's start-up as an
    inline script, which a strict Content-Security-Policy refuses.
    """
    assets = escape(assets_url, quote=True)
    return HTMLResponse(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{assets}/{SWAGGER_CSS}">
<link rel="icon" href="{assets}/{FAVICON}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url, quote=True)}"></div>
<script src="{assets}/{SWAGGER_JS}"></script>
<script src="{assets}/{SWAGGER_INIT_JS}"></script>
</body>
</html>
"""
    )


def redoc_html(*, title: str, openapi_url: str, assets_url: str = ASSETS_URL) -> HTMLResponse:
    """ReDoc's page, from FastAPI's template with local assets and without Google's fonts."""
    return get_redoc_html(
        openapi_url=openapi_url,
        title=title,
        redoc_js_url=f"{assets_url}/{REDOC_JS}",
        redoc_favicon_url=f"{assets_url}/{FAVICON}",
        with_google_fonts=False,
    )


def install_offline_docs(app: FastAPI, *, title: str, openapi_url: str = "/openapi.json") -> None:
    """Serve /docs, /redoc and their assets; the app is built with `docs_url=redoc_url=None`."""
    app.mount(ASSETS_URL, docs_assets(), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return swagger_ui_html(
            title=f"{title} - Swagger UI",
            openapi_url=root + openapi_url,
            assets_url=root + ASSETS_URL,
        )

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return redoc_html(
            title=f"{title} - ReDoc", openapi_url=root + openapi_url, assets_url=root + ASSETS_URL
        )
