"""Answering with a JSON document built by a presenter."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from shared.kernel import jsonutil


def json_response(document: Any, *, status_code: int = 200) -> Response:
    """The document serialised once (orjson). Returned as a model, FastAPI would dump it and
    validate it again against the route's response model; the route keeps `response_model` for
    its documentation, and a test holds the document to that model."""
    return Response(
        jsonutil.dumps(document), status_code=status_code, media_type="application/json"
    )
