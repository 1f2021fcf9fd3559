"""Answering with a JSON document built by a presenter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
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


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, filename: str
) -> Response:
    """A report as CSV (RFC 4180, CRLF line ends), offered as a download named `filename`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# For a route's OpenAPI document: it answers CSV as well as JSON.
CSV_TOO: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
