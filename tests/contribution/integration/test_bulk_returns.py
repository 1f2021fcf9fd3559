"""Bulk returns (CONTRACT.md "Bulk returns"; issue 20) through the HTTP API: a submission's
warnings, in JSON and text-file returns and amendments, kept for its GET; an implausible age
refused and nothing stored; the lookups per chunk of people, never per line."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.contribution.models import Submission, SubmissionLine, SubmissionWarning
from services.contribution.schemas import SubmissionOut
from tests.contribution.integration.test_contribution_api import (
    BASE,
    count,
    register_employer,
    submit,
)
from tests.contribution.integration.test_corrections import amend
from tests.contribution.integration.test_textfile import export, typed_submission, upload
from tests.support import auth
from tests.support.builders import distinct_ics, random_ic
from tests.support.services import RunningService, consumers_paused
from tests.support.sql_statements import own_queries, statements_run


def person(wage: str, ic: str | None = None) -> dict[str, str]:
    return {"ic": ic or random_ic(age=30, on=date(2025, 7, 1)), "name": "Pekerja", "wage": wage}


async def accepted(
    svc: RunningService, code: str, lines: list[dict[str, str]], month: str = "2025-07"
) -> dict[str, Any]:
    answer = await submit(svc, code, lines, month=month)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def fetched(svc: RunningService, code: str, reference: str) -> dict[str, Any]:
    answer = await svc.client.get(
        f"{BASE}/employers/{code}/submissions/{reference}", headers=auth.employer(code)
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def codes(body: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    return [(w["line"], w["ic"], w["code"]) for w in body["warnings"]]


async def test_a_wage_beyond_three_times_or_a_third_of_last_months_is_warned_of_and_kept(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    up, exactly, down, third, newcomer = (random_ic(age=30) for _ in range(5))
    june = [person("2000.00", ic) for ic in (up, exactly, down, third)]
    await accepted(contribution, code, june, month="2025-06")
    july = await accepted(
        contribution,
        code,
        [
            person("6000.01", up),
            person("6000.00", exactly),
            person("666.66", down),
            person("666.67", third),
            person("99000.00", newcomer),  # no line the month before: nothing to compare
        ],
    )
    assert codes(july) == [(1, up, "wage-jump"), (3, down, "wage-jump")]
    assert "RM6000.01 is more than three times RM2000.00" in july["warnings"][0]["message"]
    assert SubmissionOut.model_validate(july).model_dump(mode="json") == july
    # The submission's GET says it again: the warnings are stored with it.
    assert (await fetched(contribution, code, july["reference"]))["warnings"] == july["warnings"]


async def test_the_second_employer_to_declare_a_person_that_month_is_warned_either_way(
    contribution: RunningService,
) -> None:
    first, second = await register_employer(contribution), await register_employer(contribution)
    shared, later = random_ic(age=30), random_ic(age=40)
    a = await accepted(contribution, first, [person("3123.45", shared)])
    b = await accepted(contribution, second, [person("2000.00", later), person("1000.00", shared)])
    assert a["warnings"] == []
    assert codes(b) == [(2, shared, "several-employers")]
    message = b["warnings"][0]["message"]
    assert first in message
    assert "3123.45" not in message  # the other employer's wage is not this one's to see
    # The other order: the first employer's next return for the month is now the second.
    again = await accepted(contribution, first, [person("2500.00", later)])
    assert codes(again) == [(1, later, "several-employers")]
    assert second in again["warnings"][0]["message"]
    assert (await fetched(contribution, first, a["reference"]))["warnings"] == []


async def test_an_age_under_13_is_refused_naming_the_line_and_nothing_is_stored(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    child = random_ic(born=date(2012, 8, 1))  # 12 all of July 2025
    answer = await submit(contribution, code, [person("900.00"), person("900.00", child)])
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    [error] = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("lines[1].ic", "implausible-age")
    assert await count(contribution, Submission, employer_code=code) == 0
    assert await count(contribution, SubmissionLine, employer_code=code) == 0
    # Thirteen inside the month is plausible: the return is accepted.
    thirteen = random_ic(born=date(2012, 7, 15))
    assert (await accepted(contribution, code, [person("900.00", thirteen)]))["warnings"] == []


async def test_amended_lines_are_warned_of_as_submitted_ones_and_removed_ones_lose_theirs(
    contribution: RunningService,
) -> None:
    code, other = await register_employer(contribution), await register_employer(contribution)
    steady, raised, leaving, moonlighter = (random_ic(age=30) for _ in range(4))
    await accepted(contribution, other, [person("1500.00", moonlighter)])
    june = [person("1000.00", ic) for ic in (steady, raised, leaving)]
    await accepted(contribution, code, june, month="2025-06")
    july = await accepted(
        contribution,
        code,
        [person("1000.00", steady), person("1000.00", raised), person("5000.00", leaving)],
    )
    assert codes(july) == [(3, leaving, "wage-jump")]
    answer = await amend(
        contribution,
        code,
        july["reference"],
        {
            "add": [person("1500.00", moonlighter)],
            "remove": [leaving],
            "change": [{"ic": raised, "wage": "3000.01"}],
            "reason": "Keyed wrong",
        },
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    line_of = {line["ic"]: line["line_no"] for line in body["lines"]}
    assert codes(body) == sorted(
        [
            (line_of[moonlighter], moonlighter, "several-employers"),
            (line_of[raised], raised, "wage-jump"),
        ]
    )
    assert (await fetched(contribution, code, july["reference"]))["warnings"] == body["warnings"]
    refused = await amend(
        contribution,
        code,
        july["reference"],
        {"add": [person("500.00", random_ic(born=date(2014, 1, 1)))], "reason": "A child"},
    )
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("add[0].ic", "implausible-age")
    ]


def _with_ic(template: bytes, ic: str) -> bytes:
    """A text-file line for another person: the ID number is positions 33-44."""
    return template[:32] + ic.encode() + template[44:]


async def _template_line(svc: RunningService, code: str) -> bytes:
    """A combined-file line under `code`, a RM1,500.00 wage, for a 30-year-old's amounts."""
    source = await register_employer(svc)
    typed = await typed_submission(svc, source, n=1)
    line = (await export(svc, source, str(typed["reference"]))).split(b"\r\n")[0]
    return code.encode().ljust(12) + line[12:]


async def test_a_text_file_answers_its_warnings_by_file_line_and_the_submission_keeps_them(
    contribution: RunningService,
) -> None:
    code, other = await register_employer(contribution), await register_employer(contribution)
    template = await _template_line(contribution, code)
    newcomer, jumped, elsewhere = (random_ic(age=30, on=date(2025, 7, 1)) for _ in range(3))
    await accepted(contribution, code, [person("400.00", jumped)], month="2025-06")
    await accepted(contribution, other, [person("800.00", elsewhere)])
    content = (
        b"\r\n".join(
            [
                template[:-1],  # 1: short, left out (accept_valid)
                _with_ic(template, newcomer),
                _with_ic(template, jumped),
                _with_ic(template, elsewhere),
            ]
        )
        + b"\r\n"
    )
    answer = await upload(contribution, code, content, mode="accept_valid")
    assert answer.status_code == 201, answer.text
    report = answer.json()["report"]
    assert report["accepted"] == 3
    # The report names the file's lines, as its `rejected` does.
    assert codes(report) == [(3, jumped, "wage-jump"), (4, elsewhere, "several-employers")]
    assert other in report["warnings"][1]["message"]
    job = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/textfile/jobs/{answer.json()['job_id']}",
        headers=auth.employer(code),
    )
    assert job.json()["report"]["warnings"] == report["warnings"]
    # The submission numbers only the lines it holds.
    stored = await fetched(contribution, code, report["reference"])
    assert codes(stored) == [(2, jumped, "wage-jump"), (3, elsewhere, "several-employers")]


async def test_a_text_file_line_with_an_implausible_age_rejects_the_file(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    template = await _template_line(contribution, code)
    content = (
        _with_ic(template, random_ic(age=30, on=date(2025, 7, 1)))
        + b"\r\n"
        + _with_ic(template, random_ic(born=date(2013, 1, 2)))
        + b"\r\n"
    )
    answer = await upload(contribution, code, content)
    assert answer.status_code == 422, answer.text
    [rejected] = answer.json()["report"]["rejected"]
    assert (rejected["line"], rejected["field"], rejected["code"]) == (
        2,
        "id_number",
        "implausible-age",
    )
    assert await count(contribution, Submission, employer_code=code) == 0


async def _statements_of_a_july_return(svc: RunningService, size: int) -> tuple[int, int]:
    """The statements a `size`-line July return runs, every line warned of twice (its wage
    jumped since June, and another employer declares the person), and its warnings stored."""
    code, other = await register_employer(svc), await register_employer(svc)
    people = distinct_ics(size, age=30)
    await accepted(svc, code, [person("1000.00", ic) for ic in people], month="2025-06")
    await accepted(svc, other, [person("1000.00", ic) for ic in people])
    async with consumers_paused(svc):
        with statements_run(svc.runtime.engine) as seen:
            july = await accepted(svc, code, [person("5000.00", ic) for ic in people])
    assert len(july["warnings"]) == 2 * size
    assert await count(svc, SubmissionWarning, submission_id=july["submission_id"]) == 2 * size
    # The outbox relay runs beside the request; its statements are not the submission's.
    return len(own_queries(seen)), len(seen)


async def test_a_2000_line_return_asks_the_database_per_chunk_of_people_never_per_line(
    contribution: RunningService,
) -> None:
    small, _ = await _statements_of_a_july_return(contribution, 20)
    large, everything = await _statements_of_a_july_return(contribution, 2000)
    # Each lookup of people is one statement per 900 of them (3 for 2,000), and the lines and
    # warnings go in as multi-row INSERTs: a hundred times the lines adds a handful of statements
    # (measured: 13 for 20 lines, 21 for 2,000; a query per line would be thousands).
    assert large - small <= 12, (small, large, everything)
    assert large <= 30, (small, large)
