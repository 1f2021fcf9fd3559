"""Uploads are spooled to disk while hashed, then checked line by line (in the background when large).

Never read whole into memory; a file is accepted once (its hash per employer is unique); the job row
and the submission it creates commit in one transaction, so a crash either left no submission (the
job re-runs at start-up) or a finished job (which replays).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.contribution.domain.calculator import Category
from services.contribution.domain.coverage import EmploymentType, Nationality
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import contributed_before_55, known_nationality
from services.contribution.presenters import warnings_out
from services.contribution.repository import (
    ContributionUnitOfWork,
    EmployeeRepository,
    EmployerRepository,
    PersonRepository,
)
from services.contribution.textfile.checks import CheckedLine, check_record
from services.contribution.textfile.layouts import EIS_ONLY, SOCSO_ONLY, Layout
from services.contribution.textfile.models import TextfileJob
from services.contribution.textfile.records import LineError, Record, detect_combined_version, parse
from services.contribution.usecases.submissions import AcceptedSubmission, submit_contributions
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import DomainError, InvalidInput, NotFound, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import format_money
from shared.web.auth import Principal, Role
from shared.web.runtime import ServiceRuntime

log = structlog.get_logger(__name__)

SYNCHRONOUS_LINES = 2000
PROGRESS_EVERY = 1000
FORMATS = {"combined": None, "socso": SOCSO_ONLY, "eis": EIS_ONLY}
MODES = ("reject_file", "accept_valid")


@dataclass(frozen=True)
class Spooled:
    path: Path
    sha256: str
    lines: int


async def spool(chunks: AsyncIterator[bytes], directory: Path, limit: int) -> Spooled:
    """Write the body to a file in chunks, hashing and counting lines as it goes."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.txt"
    digest = hashlib.sha256()
    size = lines = 0
    last = b""
    with path.open("wb") as handle:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                handle.close()
                path.unlink(missing_ok=True)
                raise InvalidInput(
                    msg("The file is larger than {limit} bytes", limit=limit),
                    violations=[Violation(field="file", message=msg("too large"))],
                )
            digest.update(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:] or last
            handle.write(chunk)
    if size and last != b"\n":
        lines += 1
    return Spooled(path, digest.hexdigest(), lines)


def read_lines(path: Path) -> AsyncIterator[tuple[int, bytes]]:
    """Lines without CR/LF, numbered from 1; CRLF and LF both accepted; blank trailing lines ignored."""

    async def generate() -> AsyncIterator[tuple[int, bytes]]:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip(b"\r\n")
                if line:
                    yield number, line
                if number % 5000 == 0:
                    await asyncio.sleep(0)

    return generate()


def job_view(job: TextfileJob) -> dict[str, object]:
    view: dict[str, object] = {
        "job_id": job.id,
        "status": job.status,
        "lines_total": job.lines_total,
        "lines_done": job.lines_done,
        "format": job.layout,
        "mode": job.mode,
    }
    if job.report:
        view["report"] = job.report
    return view


async def start_upload(
    runtime: ServiceRuntime,
    *,
    principal: Principal,
    employer_code: str,
    file_format: str,
    mode: str,
    spooled: Spooled,
) -> tuple[TextfileJob, bool]:
    """Create the job (or find the one this file already made); small files are processed at once."""
    if file_format not in FORMATS:
        raise InvalidInput(
            msg("Unknown format"),
            violations=[
                Violation(field="format", message=msg("one of {formats}", formats=sorted(FORMATS)))
            ],
        )
    if mode not in MODES:
        raise InvalidInput(
            msg("Unknown mode"),
            violations=[Violation(field="mode", message=msg("one of {modes}", modes=list(MODES)))],
        )
    now = runtime.clock.now()
    async with runtime.sessionmaker() as session:
        existing = (
            await session.execute(
                select(TextfileJob).where(
                    TextfileJob.employer_code == employer_code, TextfileJob.sha256 == spooled.sha256
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            spooled.path.unlink(missing_ok=True)
            return existing, True
        if await EmployerRepository(session).get(employer_code) is None:
            spooled.path.unlink(missing_ok=True)
            raise NotFound(msg("Employer {employer_code} not found", employer_code=employer_code))
        job = TextfileJob(
            id=str(uuid.uuid4()),
            employer_code=employer_code,
            sha256=spooled.sha256,
            layout=file_format,
            mode=mode,
            status="queued",
            lines_total=spooled.lines,
            lines_done=0,
            spool_path=str(spooled.path),
            report=None,
            submitted_by=principal.client_id,
            officer=int(principal.role is Role.OFFICER),
            created_at=now,
            updated_at=now,
        )
        session.add(job)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            spooled.path.unlink(missing_ok=True)
            again = (
                await session.execute(
                    select(TextfileJob).where(
                        TextfileJob.employer_code == employer_code,
                        TextfileJob.sha256 == spooled.sha256,
                    )
                )
            ).scalar_one()
            return again, True
    if spooled.lines <= SYNCHRONOUS_LINES:
        await process_job(runtime, job.id)
    else:
        runtime_tasks(runtime).add(
            asyncio.create_task(process_job(runtime, job.id), name=f"textfile-{job.id}")
        )
    async with runtime.read_sessionmaker() as session:
        fresh = await session.get(TextfileJob, job.id)
        assert fresh is not None
        return fresh, False


def runtime_tasks(runtime: ServiceRuntime) -> set[asyncio.Task[None]]:
    tasks: set[asyncio.Task[None]] = getattr(runtime, "_textfile_tasks", set())
    runtime._textfile_tasks = tasks  # type: ignore[attr-defined]
    for task in [t for t in tasks if t.done()]:
        tasks.discard(task)
    return tasks


async def _set_progress(
    runtime: ServiceRuntime, job_id: str, done: int, status: str = "running"
) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        job = await session.get(TextfileJob, job_id)
        if job is not None:
            job.lines_done, job.status, job.updated_at = done, status, runtime.clock.now()


async def get_job(runtime: ServiceRuntime, *, employer_code: str, job_id: str) -> TextfileJob:
    """A job of this employer's (another's: 404)."""
    async with runtime.read_sessionmaker() as session:
        job = await session.get(TextfileJob, job_id)
    if job is None or job.employer_code != employer_code:
        raise NotFound(msg("Job {job_id} not found", job_id=job_id))
    return job


async def process_job(runtime: ServiceRuntime, job_id: str) -> None:
    """Check every line, then create the submission and finish the job in one transaction."""
    async with runtime.read_sessionmaker() as session:
        job = await session.get(TextfileJob, job_id)
    if job is None or job.status in ("done", "rejected", "failed"):
        return
    principal = Principal(
        client_id=job.submitted_by,
        role=Role.OFFICER if job.officer else Role.EMPLOYER,
        employer_code=job.employer_code,
    )
    today = malaysia_date(runtime.clock.now())
    errors: list[LineError] = []
    accepted: list[CheckedLine] = []
    layout: Layout | None = FORMATS[job.layout]
    first_month = ""
    done = 0
    batch: list[Record] = []

    async def check_batch(session: AsyncSession) -> None:
        nonlocal first_month
        # One query per thousand lines for what the service knows of these people, not one per line.
        ids = [r.person_id for r in batch]
        people = await PersonRepository(session).known(ids)
        remembered = {
            **(
                await EmployeeRepository(session).nationalities(job.employer_code, ids)
                if keeps_registry
                else {}
            ),
            **{ic: p.nationality for ic, p in people.items() if p.nationality},
        }
        for parsed in batch:
            first_month = first_month or parsed.month
            person = people.get(parsed.person_id)
            checked = check_record(
                parsed,
                layout=layout_of[parsed.line],
                employer_code=job.employer_code,
                first_month=first_month,
                today=today,
                contributed_before_55=contributed_before_55(
                    parsed.person_id,
                    person.first_contribution_age if person else None,
                    ContributionMonth.parse(parsed.month),
                ),
                nationality=known_nationality(parsed.person_id, None, remembered),
                officer=bool(job.officer),
            )
            if isinstance(checked, list):
                errors.extend(checked)
            else:
                accepted.append(checked)
        batch.clear()
        layout_of.clear()

    layout_of: dict[int, Layout] = {}
    async with runtime.read_sessionmaker() as session:
        keeps_registry = await EmployeeRepository(session).kept_by(job.employer_code)
        async for number, raw in read_lines(Path(job.spool_path)):
            done += 1
            this_layout = layout or detect_combined_version(raw.decode("latin-1"))
            parsed = parse(number, raw, this_layout)
            if isinstance(parsed, list):
                errors.extend(parsed)
            else:
                batch.append(parsed)
                layout_of[number] = this_layout
            if done % PROGRESS_EVERY == 0:
                await check_batch(session)
                await _set_progress(runtime, job.id, done)
        await check_batch(session)
    report: dict[str, object] = {
        "lines": done,
        "accepted": len(accepted),
        "rejected": [_rejected(e) for e in errors],
    }
    if layout in (SOCSO_ONLY, EIS_ONLY):
        # A separate file carries no wage and only one scheme: it is checked line by line, and the
        # month's submission comes from the combined file (or JSON), which carries both.
        report["status"] = "validated" if not errors else "rejected"
        await _finish(runtime, job.id, "validated" if not errors else "rejected", done, report)
        return
    if not accepted or (errors and job.mode == "reject_file"):
        report["status"] = "rejected"
        await _finish(runtime, job.id, "rejected", done, report)
        return
    lines = [_as_submission_line(c, officer=bool(job.officer)) for c in accepted]
    # The submission numbers its lines 1, 2, ...; the report names the file's lines.
    file_lines = [c.line for c in accepted]
    accepted.clear()
    uow = runtime.unit_of_work(actor=job.submitted_by, correlation_id=f"textfile-{job.id}")
    assert isinstance(uow, ContributionUnitOfWork)
    try:
        await submit_contributions(
            uow,
            employer_code=job.employer_code,
            month=first_month,
            lines=lines,
            principal=principal,
            present_lines=False,
            same_transaction=lambda session, answer: _finish_in(
                session, answer, file_lines, job.id, done, report, runtime
            ),
        )
    except DomainError as exc:
        report["status"] = "failed"
        report["detail"] = exc.detail
        await _finish(runtime, job.id, "failed", done, report)
        return
    Path(job.spool_path).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class FileLine:
    """A checked line as the submission takes it (domain.pricing.LineFacts). Its fields were validated
    by the file's own checks, so it is not validated again as a `SubmissionLineIn`: 100,000 of
    those cost 6% of a job's time and their memory beside the checked lines."""

    person_id: str
    name: str
    wage: Decimal
    category: Category | None
    eis: bool | None
    nationality: Nationality | None = None  # a text file states none: as remembered
    employment_type: EmploymentType = EmploymentType.REGULAR
    skbbk_opt_out: bool = False
    ids_given: int = 1  # the file's field 3 is one ID number, checked as MyKad or SOCSO number


def _as_submission_line(checked: CheckedLine, *, officer: bool) -> FileLine:
    return FileLine(
        person_id=checked.person_id,
        name=checked.name,
        wage=checked.wage,
        category=Category(checked.category.value) if officer else None,
        eis=checked.eis if officer else None,
    )


def _rejected(error: LineError) -> dict[str, object]:
    found: dict[str, object] = {"line": error.line, "field": error.field, "reason": error.reason}
    if error.code is not None:
        found["code"] = error.code
    return found


async def _finish_in(
    session: AsyncSession,
    answer: AcceptedSubmission,
    file_lines: list[int],
    job_id: str,
    done: int,
    report: dict[str, object],
    runtime: ServiceRuntime,
) -> None:
    """Finish the job in the submission's own transaction: both happen, or neither. Its warnings
    go in the report, each naming the file's line."""
    job = await session.get(TextfileJob, job_id)
    assert job is not None
    submission = answer.submission
    job.status, job.lines_done, job.updated_at = "done", done, runtime.clock.now()
    job.report = {
        **report,
        "status": "accepted",
        "warnings": warnings_out(replace(w, line=file_lines[w.line - 1]) for w in answer.warnings),
        "reference": submission.reference,
        "month": submission.month,
        "totals": {
            "socso_employer": format_money(submission.socso_employer),
            "socso_employee": format_money(submission.socso_employee),
            "eis_employer": format_money(submission.eis_employer),
            "eis_employee": format_money(submission.eis_employee),
            "skbbk_employee": format_money(submission.skbbk_employee),
            "total": format_money(submission.total),
        },
    }


async def _finish(
    runtime: ServiceRuntime, job_id: str, status: str, done: int, report: dict[str, object]
) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        job = await session.get(TextfileJob, job_id)
        if job is not None:
            job.status, job.lines_done, job.updated_at = status, done, runtime.clock.now()
            job.report = report
            Path(job.spool_path).unlink(missing_ok=True)


async def resume_unfinished_jobs(runtime: ServiceRuntime) -> None:
    """Jobs a stopped process left queued or running start again; they are idempotent by construction."""
    async with runtime.read_sessionmaker() as session:
        jobs = (
            await session.execute(
                select(TextfileJob.id, TextfileJob.spool_path).where(
                    TextfileJob.status.in_(("queued", "running"))
                )
            )
        ).all()
    for job_id, path in jobs:
        if os.path.exists(path):
            runtime_tasks(runtime).add(
                asyncio.create_task(process_job(runtime, job_id), name=f"textfile-{job_id}")
            )
        else:
            await _finish(
                runtime,
                job_id,
                "failed",
                0,
                {"status": "failed", "detail": "the spooled file was lost; upload it again"},
            )
