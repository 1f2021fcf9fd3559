"""Uploading and exporting the PERKESO text file against a real database and NATS."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.months import ContributionMonth
from services.contribution.models import Submission
from services.contribution.textfile import service as textfiles
from services.contribution.textfile.layouts import COMBINED_V2
from services.contribution.textfile.records import render
from tests.contribution.integration.test_contribution_api import BASE, register_employer, submit
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.events import EventWatcher
from tests.support.services import RunningService


async def typed_submission(
    svc: RunningService, code: str, month: str = "2025-07", n: int = 3
) -> dict[str, object]:
    lines = [
        {
            "ic": random_ic(age=30, on=date(2025, 7, 1)),
            "name": f"Pekerja {k}",
            "wage": f"{1500 + 700 * k}.00",
        }
        for k in range(n)
    ]
    response = await submit(svc, code, lines, month=month)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def export(svc: RunningService, code: str, reference: str, version: str = "2.0") -> bytes:
    response = await svc.client.get(
        f"{BASE}/employers/{code}/submissions/{reference}/textfile",
        params={"version": version},
        headers=auth.employer(code),
    )
    assert response.status_code == 200, response.text
    return response.content


def under_employer(content: bytes, code: str) -> bytes:
    """An exported file's lines under another employer's code (positions 1-12), CRLF ended."""
    return b"".join(
        code.encode().ljust(12) + line[12:] + b"\r\n" for line in content.split(b"\r\n")[:-1]
    )


async def upload(
    svc: RunningService,
    code: str,
    content: bytes,
    headers: dict[str, str] | None = None,
    **params: str,
):
    return await svc.client.post(
        f"{BASE}/employers/{code}/submissions/textfile",
        params=params,
        content=content,
        headers={**(headers or auth.employer(code)), "Content-Type": "text/plain"},
    )


async def count_submissions(svc: RunningService, code: str) -> int:
    async with svc.runtime.read_sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Submission).where(Submission.employer_code == code)
            )
            or 0
        )


@pytest.mark.parametrize("version", ["1.0", "2.0"])
async def test_each_version_round_trips_export_then_upload(
    contribution: RunningService, version: str
) -> None:
    source = await register_employer(contribution)
    typed = await typed_submission(contribution, source)
    content = await export(contribution, source, str(typed["reference"]), version)
    lines = content.split(b"\r\n")
    assert [len(line) for line in lines[:-1]] == [278, 278, 278]
    # The same people under a second employer code: rewrite positions 1-12 and upload.
    target = await register_employer(contribution)
    moved = b"\r\n".join(target.encode().ljust(12) + line[12:] for line in lines[:-1]) + b"\r\n"
    response = await upload(contribution, target, moved)
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert (report["accepted"], report["rejected"]) == (3, [])
    assert report["totals"]["total"] == typed["totals"]["total"]  # type: ignore[index]
    again = await export(contribution, target, report["reference"], version)
    assert again == moved


async def test_lf_line_ends_are_accepted_and_the_same_file_twice_is_one_submission(
    contribution: RunningService, nats_url: str
) -> None:
    source = await register_employer(contribution)
    typed = await typed_submission(contribution, source)
    content = (await export(contribution, source, str(typed["reference"]))).replace(b"\r\n", b"\n")
    target = await register_employer(contribution)
    moved = (
        b"\n".join(target.encode().ljust(12) + line[12:] for line in content.split(b"\n") if line)
        + b"\n"
    )
    async with EventWatcher(nats_url, "contribution.submission.accepted") as watcher:
        first = await upload(contribution, target, moved)
        assert first.status_code == 201, first.text
        await watcher.wait_for(lambda e: e["data"]["employer_code"] == target)
    second = await upload(contribution, target, moved)
    assert second.status_code == 200
    assert second.headers["idempotent-replayed"] == "true"
    assert second.json()["report"]["reference"] == first.json()["report"]["reference"]
    assert await count_submissions(contribution, target) == 1


async def test_every_kind_of_bad_line_is_reported_with_its_line_and_field(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    typed = await typed_submission(contribution, code)
    good = (await export(contribution, code, str(typed["reference"]))).split(b"\r\n")[0]
    other = await register_employer(contribution)
    base = other.encode().ljust(12) + good[12:]
    ic = random_ic(age=30, on=date(2025, 7, 1)).encode()
    lines = [
        base[:32] + ic + base[44:],  # 1: fine
        base[:-1],  # 2: short
        base[:32] + b"901301145678" + base[44:],  # 3: impossible birth date
        base[:32]
        + random_ic(age=31).encode()
        + base[44:194]
        + b"062025"
        + base[200:],  # 4: another month
        base[:32]
        + random_ic(age=32).encode()
        + base[44:220]
        + b"000001"
        + base[226:],  # 5: wrong employee amount
        b"E9999999    "
        + base[12:32]
        + random_ic(age=33).encode()
        + base[44:],  # 6: another employer's code
    ]
    content = b"\r\n".join(lines) + b"\r\n"
    rejected = await upload(contribution, other, content)
    assert rejected.status_code == 422
    found = {(e["line"], e["field"]) for e in rejected.json()["report"]["rejected"]}
    assert found == {
        (2, "line"),
        (3, "id_number"),
        (4, "month"),
        (5, "socso_employee"),
        (6, "employer_code"),
    }
    assert await count_submissions(contribution, other) == 0
    partial = await upload(contribution, other, content + b"\r\n", mode="accept_valid")
    assert partial.status_code == 201, partial.text
    assert partial.json()["report"]["accepted"] == 1
    assert await count_submissions(contribution, other) == 1


async def test_a_file_for_another_employer_is_404(contribution: RunningService) -> None:
    mine = await register_employer(contribution)
    theirs = await register_employer(contribution)
    response = await upload(contribution, theirs, b"x" * 278 + b"\r\n", headers=auth.employer(mine))
    assert response.status_code == 404


async def test_a_large_file_runs_as_a_job_with_progress(
    contribution: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textfiles, "SYNCHRONOUS_LINES", 10)
    monkeypatch.setattr(textfiles, "PROGRESS_EVERY", 5)
    code = await register_employer(contribution)
    typed = await typed_submission(contribution, code, n=1)
    template = (await export(contribution, code, str(typed["reference"]))).split(b"\r\n")[0]
    target = await register_employer(contribution)
    lines = [
        target.encode().ljust(12)
        + template[12:32]
        + random_ic(age=30 + k % 20, on=date(2025, 7, 1)).encode()
        + template[44:]
        for k in range(40)
    ]
    response = await upload(contribution, target, b"\r\n".join(lines) + b"\r\n")
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["lines_total"] == 40
    location = response.headers["location"]
    for _ in range(100):
        state = (await contribution.client.get(location, headers=auth.employer(target))).json()
        if state["status"] == "done":
            break
        await asyncio.sleep(0.1)
    assert state["status"] == "done", state
    assert (state["lines_done"], state["report"]["accepted"]) == (40, 40)


@pytest.mark.parametrize(("file_format", "length"), [("socso", 223), ("eis", 223)])
async def test_separate_socso_and_eis_files_are_checked_line_by_line(
    contribution: RunningService, file_format: str, length: int
) -> None:
    code = await register_employer(contribution)
    typed = await typed_submission(contribution, code)
    response = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{typed['reference']}/textfile",
        params={"format": file_format},
        headers=auth.employer(code),
    )
    lines = response.content.split(b"\r\n")[:-1]
    assert [len(line) for line in lines] == [length] * 3
    other = await register_employer(contribution)
    moved = b"".join(other.encode().ljust(12) + line[12:] + b"\r\n" for line in lines)
    checked = await upload(contribution, other, moved, format=file_format)
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "validated"
    assert checked.json()["report"]["rejected"] == []
    broken = moved.replace(lines[0][200:214], b"00000000000001", 1)
    refused = await upload(contribution, other, broken, format=file_format)
    assert refused.status_code == 422
    assert refused.json()["report"]["rejected"][0]["field"] == "amount"
    assert await count_submissions(contribution, other) == 0


async def test_a_month_with_foreign_workers_round_trips_as_they_were_priced(
    contribution: RunningService,
) -> None:
    """Issue 16: our own export of a month with foreign and domestic workers was refused when
    uploaded again, its workers re-derived as Malaysians. The text file carries no nationality;
    a person's, once a submission states it, is remembered and prices them."""
    source = await register_employer(contribution)
    foreign = random_ic(age=30, on=date(2025, 7, 1))
    lines = [
        {"ic": foreign, "name": "Foreign Worker", "wage": "2200.00", "nationality": "foreign"},
        {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Pekerja", "wage": "2200.00"},
    ]
    typed = (await submit(contribution, source, lines)).json()
    # A foreign worker is covered for employment injury alone, and never under EIS.
    assert [(line["category"], line["eis"]) for line in typed["lines"]] == [
        ("second", False),
        ("first", True),
    ]
    content = await export(contribution, source, typed["reference"])
    target = await register_employer(contribution)
    moved = under_employer(content, target)
    response = await upload(contribution, target, moved)
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert (report["accepted"], report["rejected"]) == (2, [])
    assert report["totals"]["total"] == typed["totals"]["total"]
    # A later JSON month that states no nationality is priced by the one remembered.
    august = (
        await submit(
            contribution,
            source,
            [{"ic": foreign, "name": "Foreign Worker", "wage": "2200.00"}],
            month="2025-08",
        )
    ).json()
    [line] = august["lines"]
    assert (line["nationality"], line["category"], line["eis"]) == ("foreign", "second", False)


def _line(code: str, ic: str, wage: str, category: Category, eis: bool) -> bytes:
    """One version 2.0 line for July 2025 with the amounts the tables give this category."""
    month = ContributionMonth(2025, 7)
    amounts = calculate(wage=Decimal(wage), category=category, eis=eis, month=month)
    values: dict[str, str | Decimal] = {
        "employer_code": code,
        "id_number": ic,
        "name": "PEKERJA BARU",
        "month": "072025",
        "wage": Decimal(wage),
        "socso_employer": amounts.socso.employer,
        "socso_employee": amounts.socso.employee,
        "eis_employer": amounts.eis.employer if amounts.eis else Decimal(0),
        "eis_employee": amounts.eis.employee if amounts.eis else Decimal(0),
        "skbbk_employee": Decimal(0),
    }
    return render(values, COMBINED_V2).encode() + b"\r\n"


async def test_a_newcomer_first_met_at_57_is_checked_as_the_submission_prices_them(
    contribution: RunningService,
) -> None:
    """Act 4: a person who first contributes at 55 or later is of the second category. The file's
    check read a person never met before as having contributed before 55 and refused the right
    amounts (and let first-category ones through, which the submission then priced as second):
    the check and the pricing now ask the one rule."""
    code = await register_employer(contribution)
    newcomer = random_ic(age=57, on=date(2025, 7, 1))
    right = _line(code, newcomer, "3000.00", Category.SECOND, eis=True)
    response = await upload(contribution, code, right)
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert (report["accepted"], report["rejected"]) == (1, []), report
    wrong = _line(await register_employer(contribution), newcomer, "3000.00", Category.FIRST, True)
    other = wrong[:12].decode().strip()
    refused = (await upload(contribution, other, wrong)).json()
    assert refused["report"]["accepted"] == 0, refused
    [reason] = refused["report"]["rejected"]
    assert reason["field"] == "socso_employee", reason
