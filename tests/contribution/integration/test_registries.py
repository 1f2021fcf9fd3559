"""Registries (CONTRACT.md "Lists, search and time", "Corrections"; issue 18): employers listed,
searched and changed by officers; an employer's employees with their start and end dates."""

from __future__ import annotations

import uuid
from datetime import date

from tests.contribution.integration.test_contribution_api import BASE, register_employer, submit
from tests.support import auth
from tests.support.builders import random_ic, random_socso_number
from tests.support.services import RunningService


async def test_employers_are_found_by_code_or_name_any_case_and_paged(
    contribution: RunningService,
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    codes = []
    for k in range(5):
        code = f"S{tag}{k}"
        answer = await contribution.client.post(
            f"{BASE}/employers",
            json={"employer_code": code, "name": f"Kilang {tag.lower()} 100% Sdn Bhd {k}"},
            headers=auth.officer(),
        )
        assert answer.status_code == 201, answer.text
        codes.append(code)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": f"s{tag.lower()}", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (
            await contribution.client.get(
                f"{BASE}/employers", params=params, headers=auth.officer()
            )
        ).json()
        seen.extend(e["employer_code"] for e in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == codes
    by_name = await contribution.client.get(
        f"{BASE}/employers", params={"q": f"KILANG {tag}"}, headers=auth.officer()
    )
    assert [e["employer_code"] for e in by_name.json()["items"]] == codes
    # `%` and `_` are letters in a search, not wildcards.
    wildcard = await contribution.client.get(
        f"{BASE}/employers", params={"q": f"{tag.lower()} 100%"}, headers=auth.officer()
    )
    assert len(wildcard.json()["items"]) == 5
    none = await contribution.client.get(
        f"{BASE}/employers", params={"q": "%"}, headers=auth.officer()
    )
    assert all("%" in e["name"] for e in none.json()["items"])
    refused = await contribution.client.get(f"{BASE}/employers", headers=auth.employer(codes[0]))
    assert refused.status_code == 403


async def test_an_officer_changes_an_employers_name_state_and_address(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    changed = await contribution.client.patch(
        f"{BASE}/employers/{code}",
        json={
            "name": "Syarikat Baharu Sdn Bhd",
            "state": "PNG",
            "address": "Jalan Burma, George Town",
        },
        headers=auth.officer(),
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["state"], changed.json()["address"]) == (
        "PNG",
        "Jalan Burma, George Town",
    )
    for body, field in (({"state": "XX"}, "state"), ({}, "body")):
        bad = await contribution.client.patch(
            f"{BASE}/employers/{code}", json=body, headers=auth.officer()
        )
        assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, field)
    by_employer = await contribution.client.patch(
        f"{BASE}/employers/{code}", json={"name": "Mine"}, headers=auth.employer(code)
    )
    assert by_employer.status_code == 403


async def test_a_line_for_someone_who_left_before_the_month_is_refused(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    ali = random_ic(age=30, on=date(2025, 7, 1))
    base = f"{BASE}/employers/{code}/employees"
    started = await contribution.client.post(
        base,
        json={"ic": ali, "name": "Ali", "started_on": "2024-01-02"},
        headers=auth.employer(code),
    )
    assert started.status_code == 201, started.text
    assert (started.json()["id_kind"], started.json()["nationality"]) == ("mykad", "malaysian")
    left = await contribution.client.post(
        f"{base}/{ali}/termination",
        json={"ended_on": "2025-06-20", "reason": "resigned"},
        headers=auth.employer(code),
    )
    assert left.status_code == 200, left.text
    refused = await submit(contribution, code, [{"ic": ali, "name": "Ali", "wage": "2000.00"}])
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("lines[0].ic", "left-before-month")
    ]
    # June, the month he left in, is still his.
    june = await submit(
        contribution, code, [{"ic": ali, "name": "Ali", "wage": "2000.00"}], month="2025-06"
    )
    assert june.status_code == 201, june.text
    listed = await contribution.client.get(base, headers=auth.employer(code))
    [shown] = listed.json()["items"]
    assert (shown["ended_on"], shown["end_reason"]) == ("2025-06-20", "resigned")


async def test_a_foreign_worker_registered_by_socso_number_is_priced_as_one(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    number = random_socso_number()
    base = f"{BASE}/employers/{code}/employees"
    malaysian = await contribution.client.post(
        base,
        json={"ic": number, "name": "Budi", "started_on": "2025-01-02", "nationality": "malaysian"},
        headers=auth.employer(code),
    )
    assert malaysian.status_code == 422
    added = await contribution.client.post(
        base,
        json={"ic": number, "name": "Budi", "started_on": "2025-01-02"},
        headers=auth.employer(code),
    )
    assert (added.json()["id_kind"], added.json()["nationality"]) == ("socso_number", "foreign")
    twice = await contribution.client.post(
        base,
        json={"ic": number, "name": "Budi", "started_on": "2025-01-02"},
        headers=auth.employer(code),
    )
    assert twice.status_code == 409
    # A MyKad-holding foreign worker registered as foreign is priced foreign with no nationality on the line.
    foreigner = random_ic(age=30, on=date(2025, 7, 1))
    await contribution.client.post(
        base,
        json={
            "ic": foreigner,
            "name": "Ravi",
            "started_on": "2025-01-02",
            "nationality": "foreign",
        },
        headers=auth.employer(code),
    )
    sub = await submit(contribution, code, [{"ic": foreigner, "name": "Ravi", "wage": "3450.00"}])
    [line] = sub.json()["lines"]
    assert (line["nationality"], line["category"], line["eis"]) == ("foreign", "second", False)
    future = await contribution.client.post(
        base,
        json={"ic": random_ic(), "name": "Later", "started_on": "2030-01-01"},
        headers=auth.employer(code),
    )
    assert (future.status_code, future.json()["errors"][0]["field"]) == (422, "started_on")


async def test_employer_search_is_served_by_an_index_on_postgresql(
    contribution: RunningService,
) -> None:
    """Issue 18: a name part anywhere was a scan of every employer; on PostgreSQL the trigram
    indexes serve the very predicate the search uses (SQLite has none, and a few employers)."""
    from sqlalchemy import select, text

    from services.contribution.models import Employer
    from services.contribution.repository import employer_matches

    if not contribution.database_url.startswith("postgresql"):
        return
    query = select(Employer.employer_code).where(employer_matches("contoh"))
    async with contribution.runtime.sessionmaker() as session, session.begin():
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = query.compile(session.bind, compile_kwargs={"literal_binds": True})
        plan = "\n".join((await session.execute(text(f"EXPLAIN {compiled}"))).scalars())
    assert "ix_employers_name_trgm" in plan, plan
    assert "ix_employers_code_trgm" in plan, plan
