"""Real problems from each service in Malay with `Accept-Language: ms`, in English otherwise."""

from __future__ import annotations

import httpx

from tests.loan.integration.test_loan_api import application, sponsor
from tests.support import auth
from tests.support.builders import random_employer_code, random_ic
from tests.support.services import RunningService

MS = {"Accept-Language": "ms"}
RULE = "https://problems.perkeso.example/rule-violated"


def said_in(response: httpx.Response, language: str) -> dict[str, object]:
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, object] = response.json()
    return body


async def register(contribution: RunningService, code: str) -> httpx.Response:
    return await contribution.client.post(
        "/v1/contributions/employers",
        json={"employer_code": code, "name": f"Syarikat {code}", "state": "KUL"},
        headers=auth.officer(),
    )


async def test_a_validation_error_names_the_same_fields_in_malay(
    contribution: RunningService,
) -> None:
    code = random_employer_code()
    assert (await register(contribution, code)).status_code == 201
    bad = {"month": "July", "lines": [{"ic": random_ic(), "wage": 12}]}
    path = f"/v1/contributions/employers/{code}/submissions"
    english = said_in(
        await contribution.client.post(path, json=bad, headers=auth.employer(code)), "en"
    )
    malay = said_in(
        await contribution.client.post(path, json=bad, headers={**auth.employer(code), **MS}),
        "ms",
    )
    assert english["title"] == "The request is not valid"
    assert malay["title"] == "Permintaan tidak sah"
    assert str(malay["detail"]).startswith("Medan tidak sah: ")
    assert malay["type"] == english["type"]
    english_errors, malay_errors = english["errors"], malay["errors"]
    assert isinstance(english_errors, list)
    assert isinstance(malay_errors, list)
    assert [e["field"] for e in malay_errors] == [e["field"] for e in english_errors]
    by_field = {e["field"]: e["message"] for e in malay_errors}
    assert by_field["month"] == (
        'bulan mestilah "YYYY-MM" antara 1900-01 dan 2100-12, cth. "2025-07"'
    )
    assert all(m != e["message"] for m, e in zip(by_field.values(), english_errors, strict=True))


async def test_not_found_and_conflict_in_malay_and_english(contribution: RunningService) -> None:
    missing = random_employer_code()
    path = f"/v1/contributions/employers/{missing}"
    not_found = said_in(await contribution.client.get(path, headers={**auth.officer(), **MS}), "ms")
    assert (not_found["title"], not_found["detail"]) == (
        "Tidak dijumpai",
        f"Majikan {missing} tidak dijumpai",
    )
    english = said_in(
        await contribution.client.get(path, headers={**auth.officer(), "Accept-Language": "en-GB"}),
        "en",
    )
    assert (english["title"], english["detail"]) == ("Not found", f"Employer {missing} not found")

    code = random_employer_code()
    assert (await register(contribution, code)).status_code == 201
    again = await contribution.client.post(
        "/v1/contributions/employers",
        json={"employer_code": code, "name": "Lagi", "state": "KUL"},
        headers={**auth.officer(), "Accept-Language": "en;q=0.5, ms-MY"},
    )
    assert again.status_code == 409
    conflict = said_in(again, "ms")
    assert (conflict["title"], conflict["detail"]) == (
        "Percanggahan",
        f"Majikan {code} telah pun didaftarkan",
    )


async def test_a_contribution_rule_violation_in_malay_keeps_its_codes(
    contribution: RunningService,
) -> None:
    code = random_employer_code()
    assert (await register(contribution, code)).status_code == 201
    future = {"month": "2025-09", "lines": [{"ic": random_ic(), "name": "A", "wage": "1.00"}]}
    path = f"/v1/contributions/employers/{code}/submissions"
    refused = await contribution.client.post(
        path, json=future, headers={**auth.employer(code), **MS}
    )
    assert refused.status_code == 422
    body = said_in(refused, "ms")
    assert body["type"] == RULE
    assert (body["title"], body["detail"]) == (
        "Peraturan perniagaan tidak dipenuhi",
        "Bulan itu pada masa hadapan",
    )
    assert body["errors"] == [
        {"field": "month", "message": "caruman tidak boleh diserahkan bagi bulan hadapan"}
    ]


async def test_a_loan_rule_violation_in_malay(loan: RunningService) -> None:
    ic = random_ic(age=19)
    body = application(ic, await sponsor(loan), married=True, full_time=False)
    headers = auth.member(ic)
    english = said_in(
        await loan.client.post("/v1/loans/applications", json=body, headers=headers), "en"
    )
    malay = said_in(
        await loan.client.post("/v1/loans/applications", json=body, headers={**headers, **MS}),
        "ms",
    )
    assert malay["title"] == "Peraturan perniagaan tidak dipenuhi"
    assert english["title"] == "A business rule was not met"
    english_errors, malay_errors = english["errors"], malay["errors"]
    assert isinstance(english_errors, list)
    assert isinstance(malay_errors, list)
    said = {e["code"]: e["message"] for e in malay_errors}
    assert said["married"] == "pemohon tidak boleh berkahwin"
    assert said["not-full-time"] == "keseluruhan program mestilah sepenuh masa"
    assert {e["code"]: e["message"] for e in english_errors}["married"] == (
        "the applicant must not be married"
    )


async def test_a_dialysis_rule_violation_in_malay(dialysis: RunningService) -> None:
    centre = "C" + random_employer_code()[-8:]
    created = await dialysis.client.post(
        "/v1/dialysis/centres",
        json={
            "id": centre,
            "name": "Pusat",
            "kind": "non_panel_private",
            "state": "SGR",
            "machines": 10,
            "shifts_per_day": 3,
        },
        headers=auth.officer(),
    )
    assert created.status_code == 201, created.text
    ic = random_ic()
    body = {"ic": ic, "centre_id": centre, "diagnosis": "ESRF", "modality": "capd"}
    refused = await dialysis.client.post(
        "/v1/dialysis/treatments", json=body, headers={**auth.member(ic), **MS}
    )
    assert refused.status_code == 422
    problem = said_in(refused, "ms")
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert errors[0]["code"] == "no-contributions-on-record"
    assert errors[0]["message"] == (
        "tiada caruman dalam rekod bagi orang ini: pegawai boleh mengatasinya dengan sebab yang"
        " direkodkan"
    )


async def test_an_appeals_rule_violation_in_malay(appeals: RunningService) -> None:
    ic = random_ic()
    body = {
        "appellant_kind": "employee",
        "appellant_name": "Siti",
        "appellant_ic": ic,
        "act": "act800",
        "section": "84",
        "matter": "Invalidity pension refused",
        "cause_of_action_date": "2024-05-01",
        "state": "SGR",
    }
    refused = await appeals.client.post(
        "/v1/appeals", json=body, headers={**auth.member(ic), "Accept-Language": "ms-MY"}
    )
    assert refused.status_code == 422
    problem = said_in(refused, "ms")
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert errors[0]["field"] == "section"
    assert str(errors[0]["message"]).startswith("rayuan di bawah act800 dibuat di bawah seksyen ")
