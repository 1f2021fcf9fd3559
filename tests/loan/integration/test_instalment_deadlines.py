"""Unpaid instalments raised at 30, 60 and 90 days late, the guarantors told at 90, each once,
across restarts and replicas, from the business clock (the outbox is read back)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from services.loan.models import Application, Guarantor, Loan, Sponsor
from services.loan.usecases.loans import schedule_of
from shared.kernel.clock import MALAYSIA_TIME, FixedClock
from tests.support.builders import random_ic
from tests.support.databases import DatabaseFactory
from tests.support.deadlines import first_round, outbox_events, watcher
from tests.support.people import person_key
from tests.support.services import RunningService, migrate, running_service

OVERDUE = "loan.instalment.overdue"
NOTIFIED = "loan.guarantors.notified"
AT = datetime(2024, 3, 1, 9, 0, tzinfo=MALAYSIA_TIME)


def repaying_loan(repaid: Decimal = Decimal("0.00")) -> Loan:
    """RM12,000 disbursed by June 2025: the first instalment falls due on 1 June 2026."""
    return Loan(
        id=str(uuid.uuid4()),
        application_id="",
        borrower_ic=random_ic(age=22),
        level="degree",
        approved_amount=Decimal("12000.00"),
        offer_accepted_on=date(2024, 3, 1),
        status="repaying",
        suspended=False,
        disbursed_total=Decimal("12000.00"),
        final_disbursement_month=date(2025, 6, 1),
        repaid_total=repaid,
        created_at=AT,
    )


async def store(svc: RunningService, loan: Loan, guarantor_ics: list[str]) -> None:
    sponsor_id, application_id = str(uuid.uuid4()), str(uuid.uuid4())
    loan.application_id = application_id
    async with svc.runtime.sessionmaker() as session:
        session.add(
            Sponsor(
                id=sponsor_id,
                ic=random_ic(age=50),
                name="Ahmad",
                condition="invalidity",
                benefit="invalidity_pension",
                recorded_by="officer-1",
                recorded_at=AT,
            )
        )
        await session.flush()
        session.add(
            Application(
                id=application_id,
                applicant_ic=loan.borrower_ic,
                applicant_name="Aisyah",
                sponsor_id=sponsor_id,
                level="degree",
                institution="UM",
                programme="BEng",
                tuition_total=Decimal("12000.00"),
                facts="{}",
                documents=[],
                status="approved",
                submitted_at=AT,
                submitted_by="officer-1",
            )
        )
        await session.flush()
        session.add(loan)
        await session.flush()
        for ic in guarantor_ics:
            session.add(
                Guarantor(
                    id=str(uuid.uuid4()),
                    loan_id=loan.id,
                    ic=ic,
                    name="Penjamin",
                    witness="magistrate",
                    active_key=ic,
                    added_at=AT,
                )
            )
        await session.commit()


def levels(events: list[dict[str, object]], loan_id: str) -> list[tuple[object, object]]:
    return sorted(
        (e["data"]["instalment"], e["data"]["days_overdue"])  # type: ignore[index]
        for e in events
        if e["subject"] == loan_id
    )


async def test_missed_instalments_are_raised_once_per_level_and_guarantors_told_at_ninety(
    databases: DatabaseFactory, nats_url: str
) -> None:
    url = await databases.create("loan")
    await migrate("loan", url)
    clock = FixedClock(datetime(2026, 6, 30, 9, 0, tzinfo=MALAYSIA_TIME))
    start = {"databases": databases, "nats_url": nats_url, "clock": clock, "database_url": url}
    guarantors = [random_ic(age=45), random_ic(age=40)]
    late = repaying_loan()
    two_paid = sum((i.amount for i in schedule_of(late)[:2]), Decimal("0.00"))
    current = repaying_loan(repaid=two_paid)
    async with running_service("loan", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        await store(svc, late, guarantors)
        await store(svc, current, [random_ic(age=45)])
        assert await watcher(svc).run_once() == 0  # 29 days after 1 June
        clock.set(datetime(2026, 7, 1, 0, 0, 30, tzinfo=MALAYSIA_TIME))
        assert await watcher(svc).run_once() == 1  # 30 days: the first level

    # 90 days after 1 June, while the service was down: the second instalment is 60 days late,
    # the third (1 August) 29.
    clock.set(datetime(2026, 8, 30, 0, 0, 30, tzinfo=MALAYSIA_TIME))
    async with running_service("loan", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        overdue, notified = await outbox_events(svc, OVERDUE), await outbox_events(svc, NOTIFIED)
    assert levels(overdue, late.id) == [(1, 30), (1, 60), (1, 90), (2, 30), (2, 60)]
    assert levels(overdue, current.id) == []
    [told] = [e for e in notified if e["subject"] == late.id]
    assert told["data"]["borrower"] == person_key(late.borrower_ic)
    assert sorted(told["data"]["guarantors"]) == sorted(person_key(ic) for ic in guarantors)
    assert not any(ic in str(told) for ic in [late.borrower_ic, *guarantors])

    async with (
        running_service("loan", deadline_check_seconds=3600, **start) as again,
        running_service("loan", deadline_check_seconds=3600, **start) as replica,
    ):
        await first_round(again)
        await first_round(replica)
        assert len(await outbox_events(again, OVERDUE)) == 5
        assert len(await outbox_events(again, NOTIFIED)) == 1
