"""What a submission would cost paid on a day (CONTRACT.md "What-if"): priced as the bank's payment
would be, and nothing recorded."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService, clock_at


async def submitted(svc: RunningService) -> tuple[str, dict]:
    """An employer and its July 2025 submission (due 15 August 2025, Kuala Lumpur)."""
    code = await register_employer(svc)
    sub = await submit(svc, code, [{"ic": random_ic(), "name": "A", "wage": "3450.00"}])
    assert sub.status_code == 201, sub.text
    return code, sub.json()


async def what_if(
    svc: RunningService, code: str, reference: str, pay_on: str, headers: dict | None = None
):
    return await svc.client.post(
        f"{BASE}/employers/{code}/submissions/{reference}/what-if",
        json={"pay_on": pay_on},
        headers=headers or auth.employer(code),
    )


async def recorded(svc: RunningService) -> tuple[int, int]:
    """Outbox rows and stored idempotency keys: what any write leaves behind."""
    tables = svc.runtime.tables
    async with svc.runtime.sessionmaker() as session:
        outbox = await session.scalar(select(func.count()).select_from(tables.outbox))
        keys = await session.scalar(select(func.count()).select_from(tables.idempotency))
    return int(outbox or 0), int(keys or 0)


async def test_the_what_if_is_what_paying_that_day_is_charged(
    contribution: RunningService,
) -> None:
    """One way to compute: the bank's payment on that day is charged what the what-if said."""
    code, sub = await submitted(contribution)
    reference, total = sub["reference"], Decimal(sub["totals"]["total"])
    with clock_at(contribution, "2025-09-20T10:00:00+08:00"):
        asked = await what_if(contribution, code, reference, "2025-09-20")
        assert asked.status_code == 200, asked.text
        answer = asked.json()
        # 36 days late: RM total x 0.06 x 36 / 365 is below the minimum of RM5 for each of the
        # 2 months or parts of a month.
        assert (answer["days_late"], answer["late_interest"]) == (36, "10.00")
        assert Decimal(answer["total"]) == total + Decimal("10.00")
        assert "36 day(s) late" in " ".join(answer["explanation"])
        paid = await contribution.client.post(
            f"{BASE}/payments/callbacks/MBB",
            json=callback(reference, answer["total"], paid_at="2025-09-20T09:00:00+08:00"),
            headers=auth.bank("MBB"),
        )
    assert paid.status_code == 200, paid.text
    assert (paid.json()["days_late"], paid.json()["late_interest"]) == (36, "10.00")
    assert (paid.json()["status"], paid.json()["interest_settled"]) == ("settled", "10.00")

    charged = await what_if(contribution, code, reference, "2025-12-31")
    assert charged.status_code == 200, charged.text
    # Paid: no further interest, what it was charged, and nothing more to pay.
    assert {k: charged.json()[k] for k in ("days_late", "late_interest", "total")} == {
        "days_late": 36,
        "late_interest": "10.00",
        "total": "0.00",
    }


async def test_interest_already_owed_is_part_of_the_total(contribution: RunningService) -> None:
    code, sub = await submitted(contribution)
    reference, total = sub["reference"], Decimal(sub["totals"]["total"])
    part = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(reference, "20.00", paid_at="2025-08-20T10:00:00+08:00"),
        headers=auth.bank("MBB"),
    )
    assert part.json()["late_interest"] == "5.00"  # five days late on RM20: the minimum
    answer = (await what_if(contribution, code, reference, "2025-08-31")).json()
    # 16 days late on what is left; the RM5.00 already assessed is still owed.
    assert (answer["days_late"], answer["late_interest"]) == (16, "5.00")
    assert Decimal(answer["total"]) == total - Decimal("20.00") + Decimal("5.00") + Decimal("5.00")


async def test_asking_records_nothing_even_with_an_idempotency_key(
    contribution: RunningService,
) -> None:
    code, sub = await submitted(contribution)
    reference = sub["reference"]
    url = f"{BASE}/employers/{code}/submissions/{reference}"
    before_record = (await contribution.client.get(url, headers=auth.officer())).json()
    before = await recorded(contribution)
    for pay_on in ("2025-09-01", "2025-10-01"):
        asked = await contribution.client.post(
            f"{url}/what-if",
            json={"pay_on": pay_on},
            headers={**auth.employer(code), "Idempotency-Key": "the-same-key"},
        )
        # The same key with another body is no reuse: nothing was kept for it.
        assert asked.status_code == 200, asked.text
    assert await recorded(contribution) == before
    assert (await contribution.client.get(url, headers=auth.officer())).json() == before_record


async def test_a_day_before_today_or_outside_the_range_is_422_naming_pay_on(
    contribution: RunningService,
) -> None:
    code, sub = await submitted(contribution)
    for pay_on in ("2025-08-30", "2101-01-01", "1899-12-31", "2025-02-30"):
        refused = await what_if(contribution, code, sub["reference"], pay_on)
        assert refused.status_code == 422, (pay_on, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in refused.json()["errors"]] == ["pay_on"], pay_on
    today = await what_if(contribution, code, sub["reference"], "2025-08-31")
    assert today.status_code == 200, today.text


async def test_the_employer_itself_or_an_officer_asks(contribution: RunningService) -> None:
    code, sub = await submitted(contribution)
    other = await register_employer(contribution)
    reference = sub["reference"]
    assert (await what_if(contribution, code, reference, "2025-09-01")).status_code == 200
    by_officer = await what_if(contribution, code, reference, "2025-09-01", auth.officer())
    assert by_officer.status_code == 200
    assert (await what_if(contribution, other, reference, "2025-09-01")).status_code == 404
    someone_else = await what_if(contribution, code, reference, "2025-09-01", auth.employer(other))
    assert someone_else.status_code == 404
    watcher = await what_if(contribution, code, reference, "2025-09-01", auth.dashboard())
    assert watcher.status_code == 403
    unknown = await what_if(contribution, code, f"{code}-202507-09-1", "2025-09-01")
    assert unknown.status_code == 404


async def test_a_voided_submission_answers_the_voided_problem(
    contribution: RunningService,
) -> None:
    code, sub = await submitted(contribution)
    voided = await contribution.client.post(
        f"{BASE}/employers/{code}/submissions/{sub['reference']}/void",
        json={"reason": "sent twice"},
        headers=auth.officer(),
    )
    assert voided.status_code == 200, voided.text
    refused = await what_if(contribution, code, sub["reference"], "2025-09-01")
    assert refused.status_code == 409, refused.text
    assert "voided" in refused.json()["detail"]


async def test_the_openapi_declares_the_answers_and_an_example(
    contribution: RunningService,
) -> None:
    document = (await contribution.client.get("/openapi.json")).json()
    operation = document["paths"][
        "/v1/contributions/employers/{employer_code}/submissions/{reference}/what-if"
    ]["post"]
    assert {"200", "404", "409", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert schemas["WhatIfOut"]["examples"][0]["total"] == "1244.50"
    assert schemas["WhatIfIn"]["examples"] == [{"pay_on": "2025-09-20"}]
