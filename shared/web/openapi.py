"""OpenAPI documents that say what each operation really answers: its problems included.

FastAPI documents a 422 `HTTPValidationError` in `application/json` on every operation with
parameters, and nothing else; every error here leaves as `application/problem+json`
(shared.web.problems), with statuses FastAPI cannot see. This rewrites each operation's
responses from what the platform's own layers do:

- 400 malformed JSON or a non-canonical path; 422 invalid input (fields, or an `Idempotency-Key`
  reused with another body); 413 a body over the limit: operations that take a body or
  parameters.
- 401 no valid token; 403 the role may not; 404 not found, or another party's resource: every
  operation that needs a token.
- 409 a conflict (a duplicate, a state that no longer allows it, a key still in use): writes.
- 503 the database or NATS is unreachable (with Retry-After): every operation that needs a token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI

from shared.web.openapi_examples import add_examples

PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For 422: every field that is wrong, each with why",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

DESCRIPTIONS = {
    "400": "Malformed JSON, or a path not in canonical form",
    "401": "No valid bearer token",
    "403": "The caller's role may not do this",
    "404": "Not found (another party's resource answers the same)",
    "409": "Conflicts with the current state or an existing record",
    "413": "The body is over the size limit",
    "422": "Invalid input: every wrong field is named in `errors`",
    "429": "Over the caller's rate limit; see Retry-After",
    "502": "The service behind the gateway is unreachable",
    "503": "A database or the message broker is unreachable; nothing was changed",
    "504": "The service behind the gateway did not answer in time",
}
_WRITES = frozenset({"post", "put", "patch", "delete"})
_METHODS = frozenset({"get", "head", *_WRITES})
_UNAUTHENTICATED_PREFIXES = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")


def problem_response_object(status: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, "A problem; see its type and detail"),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def statuses_for(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The problem statuses an operation of a service can answer."""
    if path.startswith(_UNAUTHENTICATED_PREFIXES):
        return ["503"] if path.startswith("/readyz") else []
    statuses = ["400", "401", "403", "404", "503"]
    has_input = bool(operation.get("parameters")) or "requestBody" in operation
    if has_input or method == "post":
        statuses.append("422")
    if "requestBody" in operation:
        statuses.append("413")
    if method in _WRITES:
        statuses.append("409")
    return sorted(statuses)


def add_problem_responses(
    document: dict[str, Any], *, extra_statuses: Iterable[str] = ()
) -> dict[str, Any]:
    """Rewrite every operation's error responses as problems; drop FastAPI's validation schemas."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    extra = list(extra_statuses)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            statuses = statuses_for(path, method, operation)
            if statuses:
                statuses = sorted({*statuses, *extra})
            declared = [s for s in responses if s.startswith(("4", "5")) and s not in statuses]
            for status in [*statuses, *declared]:
                existing = responses.get(status)
                if existing is None or _is_fastapi_validation(existing):
                    responses[status] = problem_response_object(status)
                elif "content" not in existing:
                    existing["content"] = problem_response_object(status)["content"]
                else:
                    # An operation that documents a status with a body of its own (a report in
                    # JSON, say) keeps it, and gains the problem form beside it.
                    existing.setdefault("content", {}).setdefault(
                        PROBLEM_MEDIA_TYPE,
                        {"schema": {"$ref": "#/components/schemas/Problem"}},
                    )
    return document


def _is_fastapi_validation(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


def install_problem_openapi(app: FastAPI, *, extra_statuses: Iterable[str] = ()) -> None:
    """Serve `app`'s OpenAPI document with its problem responses (built once, on first request)."""
    build: Callable[[], dict[str, Any]] = app.openapi
    extra = tuple(extra_statuses)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_examples(add_problem_responses(build(), extra_statuses=extra))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
