"""Routes of the text-file upload, its jobs, and the export of a stored submission."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from services.contribution import access
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import TextfileJobOut
from services.contribution.textfile import service as textfiles
from services.contribution.textfile.export import export_submission
from services.contribution.usecases.submissions import export_submission_of
from shared.web.deps import CurrentPrincipal, RuntimeDep, get_read_unit

router = APIRouter(
    prefix="/v1/contributions/employers/{employer_code}/submissions", tags=["text files"]
)


async def _body_chunks(request: Request) -> AsyncIterator[bytes]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        # Starlette spools multipart uploads to a temporary file beyond 1 MB: never whole in memory.
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return
        while chunk := await upload.read(64 * 1024):
            yield chunk
        return
    async for chunk in request.stream():
        yield chunk


def _spool_dir(runtime: RuntimeDep) -> Path:
    return Path(runtime.settings.spool_dir)  # type: ignore[attr-defined]


_JOB = {"model": TextfileJobOut}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
            "text/plain": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/textfile",
    status_code=201,
    response_model=TextfileJobOut,
    openapi_extra=_UPLOAD_BODY,
    responses={
        200: {**_JOB, "description": "Validated only, or the same file again (a replay)"},
        202: {**_JOB, "description": "A large file: a job to follow at the Location given"},
        422: {**_JOB, "description": "The file was rejected: the report names every line"},
    },
)
async def upload_textfile(
    employer_code: str,
    request: Request,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    file_format: Annotated[
        str, Query(alias="format", description="combined (1.0 or 2.0, detected), socso or eis")
    ] = "combined",
    mode: Annotated[
        str, Query(description="reject_file (default) or accept_valid")
    ] = "reject_file",
) -> JSONResponse:
    """Upload the monthly PERKESO text file: streamed, checked line by line, a report back (202 and a job when large)."""
    access.ensure_may_act_for_employer(principal, employer_code, write=True)
    limit = int(runtime.settings.max_upload_bytes)  # type: ignore[attr-defined]
    spooled = await textfiles.spool(_body_chunks(request), _spool_dir(runtime), limit)
    job, replayed = await textfiles.start_upload(
        runtime,
        principal=principal,
        employer_code=employer_code,
        file_format=file_format,
        mode=mode,
        spooled=spooled,
    )
    view = textfiles.job_view(job)
    if replayed:
        return JSONResponse(view, status_code=200, headers={"Idempotent-Replayed": "true"})
    if job.status in ("queued", "running"):
        return JSONResponse(
            view, status_code=202, headers={"Location": f"{request.url.path}/jobs/{job.id}"}
        )
    status = {"done": 201, "validated": 200}.get(job.status, 422)
    return JSONResponse(view, status_code=status)


@router.get("/textfile/jobs/{job_id}", response_model=TextfileJobOut)
async def get_job(
    employer_code: str, job_id: str, principal: CurrentPrincipal, runtime: RuntimeDep
) -> dict[str, object]:
    """A text-file job: lines done of total, and the report when finished."""
    access.ensure_may_act_for_employer(principal, employer_code, write=False)
    job = await textfiles.get_job(runtime, employer_code=employer_code, job_id=job_id)
    return textfiles.job_view(job)


@router.get(
    "/{reference}/textfile",
    response_class=Response,
    responses={
        200: {
            "description": "The bank file, fixed-width ASCII",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
async def export_textfile(
    employer_code: str,
    reference: str,
    principal: CurrentPrincipal,
    reads: Annotated[ContributionUnitOfWork, Depends(get_read_unit)],
    file_format: Annotated[str, Query(alias="format")] = "combined",
    version: Annotated[str, Query(description="1.0 or 2.0 for the combined file")] = "2.0",
) -> Response:
    """The stored submission as the bank file, byte for byte what an upload of it accepts."""
    submission, employer = await export_submission_of(
        reads, principal=principal, employer_code=employer_code, reference=reference
    )
    content = export_submission(submission, employer, file_format=file_format, version=version)
    name = f"{'SOCSO_EIS' if file_format == 'combined' else file_format.upper()}_{submission.month[5:]}{submission.month[:4]}.txt"
    return Response(
        content,
        media_type="text/plain; charset=us-ascii",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
