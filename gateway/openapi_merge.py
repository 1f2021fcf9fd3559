"""One OpenAPI document for the whole platform: the gateway's routes plus every service's own."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from gateway.state import gateway_state
from shared.web.openapi import DESCRIPTIONS, PROBLEM_MEDIA_TYPE, add_problem_responses
from shared.web.openapi_examples import add_examples

router = APIRouter(include_in_schema=False)
SERVICE_NAMES = {
    "/v1/contributions": "contribution",
    "/v1/loans": "loan",
    "/v1/dialysis": "dialysis",
    "/v1/appeals": "appeals",
}
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Token from POST /auth/token",
    },
    "clientCredentials": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "/auth/token", "scopes": {}}},
    },
    "bankSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Signature",
        "description": 't=<unix seconds>,v1=<hex HMAC-SHA256(webhook_secret, "<t>.<raw body>")>',
    },
}


def _rename_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                f"#/components/schemas/{prefix}.{v.rsplit('/', 1)[-1]}"
                if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/")
                else _rename_refs(v, prefix)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rename_refs(v, prefix) for v in node]
    return node


# What the gateway itself may answer on any request it passes on: over a rate limit, and the
# service behind it unreachable or too slow.
GATEWAY_STATUSES = ("429", "502", "504")


def _with_gateway_problems(item: dict[str, Any], service: str) -> dict[str, Any]:
    problem = {"$ref": f"#/components/schemas/{service}.Problem"}
    for operation in item.values():
        if isinstance(operation, dict) and "responses" in operation:
            for status in GATEWAY_STATUSES:
                operation["responses"].setdefault(
                    status,
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {PROBLEM_MEDIA_TYPE: {"schema": problem}},
                    },
                )
    return item


def merge(
    gateway_doc: dict[str, Any], services: dict[str, dict[str, Any] | None]
) -> dict[str, Any]:
    """Service schemas are namespaced (`loan.DecisionIn`) so equal names never collide."""
    doc = dict(gateway_doc)
    paths = dict(doc.get("paths", {}))
    schemas = dict(doc.get("components", {}).get("schemas", {}))
    unavailable = []
    for name, service_doc in services.items():
        if service_doc is None:
            unavailable.append(name)
            continue
        renamed = _rename_refs(service_doc, name)
        for path, item in renamed.get("paths", {}).items():
            if path.startswith("/v1/"):
                paths[path] = _with_gateway_problems(item, name)
        for schema_name, schema in renamed.get("components", {}).get("schemas", {}).items():
            schemas[f"{name}.{schema_name}"] = schema
    doc["paths"] = paths
    doc["components"] = {
        **doc.get("components", {}),
        "schemas": schemas,
        "securitySchemes": SECURITY_SCHEMES,
    }
    doc["security"] = [{"bearerAuth": []}]
    for path, item in paths.items():
        if "/callbacks/" in path:
            for operation in item.values():
                if isinstance(operation, dict):
                    operation["security"] = [{"bankSignature": []}]
    if unavailable:
        doc["info"] = {
            **doc["info"],
            "description": f"Not included (service unreachable): {', '.join(unavailable)}",
        }
    return doc


async def _fetch(session: aiohttp.ClientSession, url: str) -> dict[str, Any] | None:
    try:
        async with session.get(
            url, timeout=aiohttp.ClientTimeout(total=3), allow_redirects=False
        ) as response:
            if response.status != 200:
                return None
            document: dict[str, Any] = await response.json()
            return document
    except (TimeoutError, aiohttp.ClientError, ValueError):
        return None


def own_document(app: FastAPI) -> dict[str, Any]:
    """The gateway's own routes (tokens, the event stream, summaries), problems and examples in."""
    own = get_openapi(
        title=app.title,
        version=app.version,
        routes=app.routes,
        description="The whole PERKESO platform API, through the gateway.",
    )
    return add_examples(add_problem_responses(own, extra_statuses=GATEWAY_STATUSES))


@router.get("/openapi.json")
async def openapi_document(request: Request) -> JSONResponse:
    """The merged document (cached once every service has answered)."""
    cached = getattr(request.app.state, "merged_openapi", None)
    if cached is not None:
        return JSONResponse(cached)
    state = gateway_state(request)
    own = own_document(request.app)
    prefixes = list(SERVICE_NAMES)
    documents = await asyncio.gather(
        *(
            _fetch(state.proxy.session, state.upstreams[p].next() + "/openapi.json")
            for p in prefixes
        )
    )
    merged = merge(own, {SERVICE_NAMES[p]: d for p, d in zip(prefixes, documents, strict=True)})
    if all(d is not None for d in documents):
        request.app.state.merged_openapi = merged
    return JSONResponse(merged)
