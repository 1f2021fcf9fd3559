"""Foreign workers are recorded by their SOCSO number, not a MyKad: the text file's field 3 is
"ID number: IC without dashes; for a foreign worker the SOCSO number" (reference/tables/README.md),
and "The contribution rates for Foreign Workers are refer to the Third Schedule (Act 4)"
(reference/perkeso-benefits-and-contributions.txt). Issue 16: they could not be recorded at all."""

from __future__ import annotations

from datetime import date

from services.contribution.models import SubmissionLine
from shared.kernel.person import DEVELOPMENT_SECRET, PersonKeys
from tests.contribution.integration.test_contribution_api import (
    BASE,
    count,
    register_employer,
    submit,
)
from tests.contribution.integration.test_textfile import export, under_employer, upload
from tests.support import auth
from tests.support.builders import random_ic, random_socso_number
from tests.support.events import EventWatcher
from tests.support.services import RunningService


async def test_a_foreign_worker_is_recorded_by_socso_number_and_priced_as_one(
    contribution: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    stated, implied = random_socso_number(), random_socso_number().lower()
    lines = [
        {"socso_number": stated, "name": "Budi", "wage": "3450.00", "nationality": "foreign"},
        # A SOCSO number is a foreign worker's: the nationality follows from it.
        {"socso_number": implied, "name": "Ravi", "wage": "3450.00"},
        {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Aminah", "wage": "3450.00"},
    ]
    async with EventWatcher(nats_url, "contribution.submission.accepted") as watcher:
        response = await submit(contribution, code, lines)
        assert response.status_code == 201, response.text
        [event] = await watcher.wait_for(lambda e: e["data"]["employer_code"] == code)
    body = response.json()
    foreign = body["lines"][:2]
    assert [line["socso_number"] for line in foreign] == [stated, implied.upper()]
    assert [line["ic"] for line in foreign] == [None, None]
    assert body["lines"][2]["socso_number"] is None
    for line in foreign:
        assert (line["nationality"], line["category"], line["eis"]) == ("foreign", "second", False)
        # Second category, employer only: RM43.10 on a RM3,450 wage (Third Schedule, 3,400-3,500).
        assert line["socso"] == {"employer": "43.10", "employee": "0.00", "total": "43.10"}
        assert any("SOCSO number" in reason for reason in line["reasons"])
    insured = event["data"]["insured"]
    keys = PersonKeys(DEVELOPMENT_SECRET)
    assert {i["person_key"] for i in insured} >= {keys.of(stated), keys.of(implied.upper())}
    assert f"{stated[:8]}****" in {i["ic_masked"] for i in insured}
    assert stated not in str(event)


async def test_a_socso_number_cannot_be_a_malaysian_and_a_line_names_one_person(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    number = random_socso_number()
    ic = random_ic(age=30, on=date(2025, 7, 1))
    cases = [
        ({"socso_number": number, "nationality": "malaysian"}, "lines[0].nationality"),
        ({"socso_number": number, "nationality": "permanent_resident"}, "lines[0].nationality"),
        ({"socso_number": number, "ic": ic}, "lines[0].socso_number"),
        ({}, "lines[0].ic"),
        ({"socso_number": "12345678901A"}, "lines[0].socso_number"),
    ]
    for who, field in cases:
        response = await submit(contribution, code, [{**who, "name": "X", "wage": "2000.00"}])
        assert response.status_code == 422, (who, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], (who, response.text)
    assert await count(contribution, SubmissionLine, ic=number) == 0


async def test_a_foreign_worker_once_a_month_per_employer_by_socso_number(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    line = {"socso_number": random_socso_number(), "name": "Budi", "wage": "2000.00"}
    assert (await submit(contribution, code, [line])).status_code == 201
    again = await submit(
        contribution, code, [{**line, "socso_number": line["socso_number"].lower()}]
    )
    assert again.status_code == 409, again.text
    assert again.json()["ics"] == [f"{line['socso_number'][:8]}****"]


async def test_a_month_with_socso_numbers_round_trips_through_the_text_file(
    contribution: RunningService,
) -> None:
    """Field 3 carries the SOCSO number; a re-upload prices that worker as foreign again, with no
    nationality in the file and none remembered under another employer's code."""
    source = await register_employer(contribution)
    lines = [
        {"socso_number": random_socso_number(), "name": "Budi", "wage": "2200.00"},
        {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Pekerja", "wage": "2200.00"},
    ]
    typed = (await submit(contribution, source, lines)).json()
    content = await export(contribution, source, typed["reference"])
    assert content[32:44].decode() == lines[0]["socso_number"]
    target = await register_employer(contribution)
    moved = under_employer(content, target)
    response = await upload(contribution, target, moved)
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert (report["accepted"], report["rejected"]) == (2, [])
    assert report["totals"]["total"] == typed["totals"]["total"]


async def test_a_text_line_whose_id_is_neither_a_mykad_nor_a_socso_number_names_field_3(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    typed = (
        await submit(
            contribution,
            code,
            [{"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "A", "wage": "2200.00"}],
        )
    ).json()
    good = (await export(contribution, code, typed["reference"])).split(b"\r\n")[0]
    other = await register_employer(contribution)
    bad = other.encode().ljust(12) + good[12:32] + b"1F0012345678" + good[44:] + b"\r\n"
    response = await upload(contribution, other, bad)
    assert response.status_code == 422, response.text
    [rejected] = response.json()["report"]["rejected"]
    assert rejected["field"] == "id_number"
    assert "SOCSO number" in rejected["reason"]


async def test_an_officer_reads_a_foreign_workers_record_by_socso_number(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    number = random_socso_number()
    line = {"socso_number": number, "name": "Budi", "wage": "2000.00"}
    assert (await submit(contribution, code, [line])).status_code == 201
    response = await contribution.client.get(
        f"{BASE}/insured-persons/{number.lower()}", headers=auth.officer()
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ic"] == number
    assert [(m["employer_code"], m["category"]) for m in body["months"]] == [(code, "second")]
