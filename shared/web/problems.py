"""RFC 9457 problem responses for every error, validation included: one place maps them all.

Each response is said in the client's language (`Accept-Language`, `shared.web.language`): its
`title`, `detail` and `errors[].message` are translated here, at the edge, from the templates the
errors kept; `type`, `code` and `field` never change with the language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.kernel import jsonutil
from shared.kernel.errors import DomainError, Violation
from shared.kernel.i18n import Message, message_of, msg
from shared.process.i18n import ENGLISH, translate
from shared.web.language import language_of
from shared.web.validation_messages import pydantic_message

log = structlog.get_logger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://problems.perkeso.example/"
RETRY_AFTER_SECONDS = "2"


def problem_type_uri(slug: str) -> str:
    return PROBLEM_BASE + slug


def problem_response(
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    errors: Sequence[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    language: str = ENGLISH,
) -> Response:
    """The problem document, its title, detail and error messages said in `language`."""
    body: dict[str, Any] = {
        "type": problem_type_uri(slug),
        "title": translate(title, language),
        "status": status,
        "detail": translate(detail, language),
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = [_said_in(error, language) for error in errors]
    if extra:
        body.update(extra)
    said = dict(headers or {})
    said["Content-Language"] = language
    said["Vary"] = ", ".join(v for v in (said.get("Vary"), "Accept-Language") if v)
    return Response(
        content=jsonutil.dumps(body),
        status_code=status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=said,
    )


def _said_in(error: dict[str, Any], language: str) -> dict[str, Any]:
    message = error.get("message")
    if not isinstance(message, str):
        return dict(error)
    return {**error, "message": translate(message, language)}


def _field_path(location: Sequence[Any]) -> str:
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not path:
            path = str(part)
        else:
            path += f".{part}"
    return path or "body"


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _validation_message(error: Mapping[str, Any]) -> str:
    """Pydantic's English as it is; what a validator raised keeps its template for translation."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, BaseException) and isinstance(message_of(cause), Message):
        return message_of(cause)
    return _clean_message(str(error.get("msg", "")))


def validation_errors(raw: Sequence[Any], language: str = ENGLISH) -> list[dict[str, Any]]:
    """One `{field, message}` per pydantic error; in another language, messages by error type."""
    out = []
    for e in raw:
        message = _validation_message(e)
        if language != ENGLISH and not isinstance(message, Message):
            message = pydantic_message(str(e.get("type", "")), e.get("ctx") or {}, language)
        out.append({"field": _field_path(e.get("loc", ())), "message": message})
    return out


def violation_dicts(violations: Sequence[Violation]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for v in violations:
        item: dict[str, Any] = {"field": v.field, "message": v.message}
        if v.code:
            item["code"] = v.code
        out.append(item)
    return out


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    raw = exc.errors()
    language = language_of(request.scope)
    if any(e.get("type") == "json_invalid" for e in raw):
        return problem_response(
            status=400,
            slug="malformed-body",
            title=msg("The body is not valid JSON"),
            detail=msg("The request body could not be parsed as JSON."),
            instance=request.url.path,
            language=language,
        )
    errors = validation_errors(raw, language)
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return problem_response(
        status=422,
        slug="validation-error",
        title=msg("The request is not valid"),
        detail=msg("Invalid fields: {fields}", fields=fields),
        errors=errors,
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    errors = violation_dicts(exc.violations) if exc.violations or exc.status == 422 else None
    return problem_response(
        status=exc.status,
        slug=exc.problem_type,
        title=exc.title,
        detail=exc.detail,
        errors=errors,
        extra=exc.extra,
        headers=exc.headers,
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}.get(
        exc.status_code, "http-error"
    )
    return problem_response(
        status=exc.status_code,
        slug=slug,
        title=str(exc.detail) if exc.status_code != 404 else msg("Not found"),
        detail=str(exc.detail),
        headers=dict(exc.headers or {}),
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_integrity_error(request: Request, exc: Exception) -> Response:
    # A unique constraint caught a race the use case's own check could not see.
    log.info("db.integrity_conflict", path=request.url.path, error=str(exc)[:200])
    return problem_response(
        status=409,
        slug="conflict",
        title=msg("Conflict"),
        detail=msg("The request conflicts with a record that already exists."),
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_unstorable_value(request: Request, exc: Exception) -> Response:
    # A value the request checks let through and the database refused (a length or range the
    # schema does not know): the client's input, not an outage, and nothing was written.
    log.warning("db.value_refused", path=request.url.path, error=str(exc)[:200])
    return problem_response(
        status=422,
        slug="value-not-storable",
        title=msg("A value cannot be stored"),
        detail=msg("A value in the request is outside what can be stored; nothing was changed."),
        errors=[{"field": "body", "message": msg("a value is out of range or too long")}],
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_database_unavailable(request: Request, exc: Exception) -> Response:
    log.warning("db.unavailable", path=request.url.path, error=str(exc)[:200])
    return problem_response(
        status=503,
        slug="service-unavailable",
        title=msg("Service temporarily unavailable"),
        detail=msg("The database is not reachable; nothing was changed. Retry later."),
        headers={"Retry-After": RETRY_AFTER_SECONDS},
        instance=request.url.path,
        language=language_of(request.scope),
    )


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("request.unhandled_error", path=request.url.path)
    return problem_response(
        status=500,
        slug="internal-error",
        title=msg("Internal error"),
        detail=msg("An unexpected error occurred; it has been logged."),
        instance=request.url.path,
        language=language_of(request.scope),
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Every error a client can see leaves as application/problem+json."""
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    app.add_exception_handler(DataError, _on_unstorable_value)
    app.add_exception_handler(DBAPIError, _on_database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _on_database_unavailable)
    app.add_exception_handler(OSError, _on_database_unavailable)
    app.add_exception_handler(Exception, _on_unexpected)
