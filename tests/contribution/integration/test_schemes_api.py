"""Act 789 (self-employed) and Act 838 (housewives): registration and contributions."""

from __future__ import annotations

from tests.support import auth
from tests.support.builders import random_ic
from tests.support.services import RunningService

BASE = "/v1/contributions"


async def test_a_self_employed_person_registers_and_pays_whole_months(
    contribution: RunningService,
) -> None:
    ic = random_ic()
    me = auth.member(ic)
    registered = await contribution.client.post(
        f"{BASE}/self-employed/registrations",
        json={"ic": ic, "name": "Ali", "sector": "e-hailing", "plan": 2},
        headers=me,
    )
    assert registered.status_code == 201, registered.text
    paid = await contribution.client.post(
        f"{BASE}/self-employed/{ic}/payments",
        json={"amount": "58.20", "paid_at": "2025-08-01T09:00:00+08:00"},
        headers=me,
    )
    assert paid.status_code == 201, paid.text
    assert (paid.json()["covers_from"], paid.json()["covers_until"]) == ("2025-08-01", "2025-10-31")
    odd = await contribution.client.post(
        f"{BASE}/self-employed/{ic}/payments",
        json={"amount": "20.00", "paid_at": "2025-08-01T09:00:00+08:00"},
        headers=me,
    )
    assert odd.status_code == 422
    assert odd.json()["errors"][0]["field"] == "amount"


async def test_a_housewife_pays_rm120_for_twelve_months(contribution: RunningService) -> None:
    ic = random_ic()
    assert (
        await contribution.client.post(
            f"{BASE}/housewives/registrations",
            json={"ic": ic, "name": "Siti"},
            headers=auth.officer(),
        )
    ).status_code == 201
    paid = await contribution.client.post(
        f"{BASE}/housewives/{ic}/payments",
        json={"amount": "120.00", "paid_at": "2025-03-10T09:00:00+08:00"},
        headers=auth.officer(),
    )
    assert (paid.json()["covers_from"], paid.json()["covers_until"]) == ("2025-03-01", "2026-02-28")
    summary = await contribution.client.get(f"{BASE}/insured-persons/{ic}", headers=auth.member(ic))
    assert summary.json()["housewife"]["covered_until"] == "2026-02-28"


async def test_a_member_cannot_register_someone_else(contribution: RunningService) -> None:
    response = await contribution.client.post(
        f"{BASE}/housewives/registrations",
        json={"ic": random_ic(), "name": "X"},
        headers=auth.member(random_ic()),
    )
    assert response.status_code == 404


async def test_another_members_contributions_are_404(contribution: RunningService) -> None:
    ic = random_ic()
    await contribution.client.post(
        f"{BASE}/housewives/registrations", json={"ic": ic, "name": "Siti"}, headers=auth.officer()
    )
    assert (
        await contribution.client.get(
            f"{BASE}/insured-persons/{ic}", headers=auth.member(random_ic())
        )
    ).status_code == 404
    assert (
        await contribution.client.get(f"{BASE}/insured-persons/{ic}", headers=auth.dashboard())
    ).status_code == 200


async def test_a_month_before_the_shipped_schedules_is_422(contribution: RunningService) -> None:
    response = await contribution.client.post(
        f"{BASE}/calculate",
        json={"wage": "1000.00", "category": "first", "month": "2021-01"},
        headers=auth.officer(),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "month"
