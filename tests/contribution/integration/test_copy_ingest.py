"""Bulk ingest through COPY on PostgreSQL (issue 19): a large return's lines go in by COPY in the
submission's own transaction, with the same checks, the same all-or-nothing answer and the same
events as the multi-row INSERT a small return (and SQLite) still takes."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bench.textfile_bench import write_file
from services.contribution import repository
from services.contribution.models import INFRA, Submission, SubmissionLine
from shared.persistence import copy as bulk
from tests.contribution.integration.test_contribution_api import (
    BASE,
    count,
    register_employer,
    submit,
)
from tests.contribution.integration.test_textfile import upload
from tests.support import auth
from tests.support.builders import distinct_ics
from tests.support.services import RunningService

LINES = 5000


@pytest.fixture
def copies(contribution: RunningService, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each COPY of submission lines (PostgreSQL only: SQLite never copies)."""
    if contribution.runtime.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    seen: list[int] = []
    real = bulk.copy_rows

    async def spy(session: Any, table: Any, rows: Any) -> None:
        if table.name == "submission_lines":
            seen.append(len(rows))
        await real(session, table, rows)

    monkeypatch.setattr(bulk, "copy_rows", spy)
    return seen


def distinct_people(n: int) -> list[str]:
    return distinct_ics(n, age=30, on=date(2025, 7, 1))


def lines_of(people: list[str]) -> list[dict[str, object]]:
    return [
        {"ic": ic, "name": f"Pekerja {k}", "wage": f"{1000 + (k * 37) % 5000}.00"}
        for k, ic in enumerate(people)
    ]


async def stored_lines(svc: RunningService, submission_id: str) -> list[tuple[object, ...]]:
    async with svc.runtime.read_sessionmaker() as session:
        found = await session.execute(
            select(SubmissionLine)
            .where(SubmissionLine.submission_id == submission_id)
            .order_by(SubmissionLine.line_no)
        )
        return [
            (
                line.line_no, line.ic, line.name, line.wage, line.nationality, line.category,
                line.eis, line.skbbk, line.socso_employer, line.socso_employee,
                line.eis_employer, line.eis_employee, line.total, line.reasons,
            )
            for line in found.scalars()
        ]  # fmt: skip


async def events_of(svc: RunningService, submission_id: str) -> list[dict[str, Any]]:
    """The submission's events as committed to the outbox, without what names the submission."""
    async with svc.runtime.read_sessionmaker() as session:
        payloads = (await session.execute(select(INFRA.outbox.c.payload))).scalars().all()
    found = []
    for payload in payloads:
        envelope = json.loads(payload)
        data = envelope["data"]
        if data.get("submission_id") == submission_id:
            for name in ("submission_id", "reference", "employer_code"):
                data.pop(name)
            found.append({"type": envelope["type"], "data": data})
    return sorted(found, key=lambda e: e["data"].get("part", 0))


async def test_a_5000_line_return_goes_in_by_copy_with_the_lines_and_events_an_insert_gives(
    contribution: RunningService, copies: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    people = distinct_people(LINES)
    # The same people's month from two employers: one by multi-row INSERT, one by COPY.
    monkeypatch.setattr(bulk, "COPY_FROM_ROWS", 10**9)
    inserted = await submit(contribution, await register_employer(contribution), lines_of(people))
    assert inserted.status_code == 201, inserted.text
    assert copies == []
    monkeypatch.setattr(bulk, "COPY_FROM_ROWS", 500)
    copied = await submit(contribution, await register_employer(contribution), lines_of(people))
    assert copied.status_code == 201, copied.text
    assert copies == [LINES]
    by_insert, by_copy = inserted.json(), copied.json()
    assert by_copy["totals"] == by_insert["totals"]
    assert by_copy["lines"] == by_insert["lines"]
    assert await stored_lines(contribution, by_copy["submission_id"]) == await stored_lines(
        contribution, by_insert["submission_id"]
    )
    copied_events = await events_of(contribution, by_copy["submission_id"])
    assert copied_events == await events_of(contribution, by_insert["submission_id"])
    assert sum(len(e["data"]["insured"]) for e in copied_events) == LINES


async def _duplicate_answers(svc: RunningService, copy_from: int, mp: pytest.MonkeyPatch) -> Any:
    """A return naming one person twice, a return naming one already declared, and the same
    when only the unique constraint stands in the way (the race the use case's check misses)."""
    mp.setattr(bulk, "COPY_FROM_ROWS", copy_from)
    code = await register_employer(svc)
    # One pool, cut in three: the returns share exactly the people meant (random ICs drawn
    # separately would sometimes share another, and name three people where one was meant).
    pool = distinct_people(3 * LINES)
    people, others, more = pool[:LINES], pool[LINES : 2 * LINES - 2], pool[2 * LINES :]
    first = await submit(svc, code, lines_of(people[:-1]))
    assert first.status_code == 201, first.text
    inside = await submit(svc, await register_employer(svc), lines_of([*people[:-1], people[0]]))
    across = await submit(svc, code, lines_of(people[-2:] + others))
    with mp.context() as unchecked:
        unchecked.setattr(
            repository.SubmissionRepository,
            "ics_already_submitted",
            lambda *_: asyncio.sleep(0, result=set()),
        )
        raced = await submit(svc, code, lines_of(people[-2:] + more[: LINES - 2]))
    # Nothing of a refused return is stored: the employer has its first one alone.
    assert await count(svc, Submission, employer_code=code) == 1
    assert await count(svc, SubmissionLine, employer_code=code) == LINES - 1
    return [
        (r.status_code, {k: v for k, v in r.json().items() if k != "instance"})
        for r in (inside, across, raced)
    ]


async def test_a_duplicate_is_refused_alike_by_copy_and_by_insert_and_nothing_is_kept(
    contribution: RunningService, copies: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    by_insert = await _duplicate_answers(contribution, 10**9, monkeypatch)
    assert copies == []
    by_copy = await _duplicate_answers(contribution, 500, monkeypatch)
    assert LINES in copies
    # The masked people named differ from run to run; the answers' shapes must not.
    for answers in (by_insert, by_copy):
        for _, body in answers:
            body.pop("ics", None)
            for error in body.get("errors", []):
                error["field"] = error["field"].split(".")[-1]
    assert [status for status, _ in by_copy] == [422, 409, 409]
    assert by_copy == by_insert


async def test_a_20000_line_text_file_goes_in_by_copy_through_the_upload_job(
    contribution: RunningService, copies: list[int], tmp_path: Path
) -> None:
    code = await register_employer(contribution)
    path = tmp_path / "SOCSO_EIS_072025.txt"
    write_file(path, code, 20_000)
    answer = await upload(contribution, code, path.read_bytes(), headers=auth.officer())
    assert answer.status_code == 202, answer.text
    location = f"{BASE}/employers/{code}/submissions/textfile/jobs/{answer.json()['job_id']}"
    job = answer.json()
    for _ in range(1200):
        if job["status"] not in ("queued", "running"):
            break
        await asyncio.sleep(0.1)
        job = (await contribution.client.get(location, headers=auth.employer(code))).json()
    assert job["status"] == "done", job
    assert job["report"]["accepted"] == 20_000
    assert copies == [5000, 5000, 5000, 5000]
    assert await count(contribution, SubmissionLine, employer_code=code) == 20_000
    async with contribution.runtime.read_sessionmaker() as session:
        [submission_id] = (
            await session.execute(select(Submission.id).where(Submission.employer_code == code))
        ).scalars()
    events = await events_of(contribution, submission_id)
    assert sum(len(e["data"]["insured"]) for e in events) == 20_000
