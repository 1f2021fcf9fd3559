"""The hearing deadline: open appeals with no hearing set within the days after filing, raised once."""

from __future__ import annotations

from datetime import date

from services.appeals.domain.case import OPEN, Status
from services.appeals.domain.deadlines import hear_by, hearing_overdue, latest_overdue_filing_day
from services.appeals.events import HearingOverdue
from services.appeals.models import Appeal
from services.appeals.repository import AppealsUnitOfWork
from shared.kernel.clock import malaysia_date
from shared.persistence.deadline_watcher import Batch, Cursor
from shared.persistence.deadlines import Breach, not_yet_breached

KIND = HearingOverdue.type


async def raise_overdue_hearings(
    uow: AppealsUnitOfWork, *, today: date, within_days: int, after: Cursor | None, limit: int
) -> Batch:
    """One batch of open appeals past their hear-by day: their hearings read in one query, a
    breach and an event for each with none set in time."""
    async with uow:
        appeals = await uow.deadlines.open_filed_on_or_before(
            latest_overdue_filing_day(today, within_days),
            unless=not_yet_breached(uow.tables.deadline_breaches, KIND, Appeal.id),
            after=(date.fromisoformat(after[0]), after[1]) if after else None,
            limit=limit,
        )
        starts = await uow.deadlines.hearing_starts([appeal.id for appeal in appeals])
        breaches = []
        for appeal in appeals:
            if not hearing_overdue(
                filed_on=appeal.filed_on,
                today=today,
                within_days=within_days,
                still_open=Status(appeal.status) in OPEN,
                hearing_days=[malaysia_date(at) for at in starts.get(appeal.id, [])],
            ):
                continue
            envelope = uow.record(
                HearingOverdue(
                    appeal_id=appeal.id,
                    case_number=appeal.case_number,
                    board_code=appeal.board_code,
                    filed_on=appeal.filed_on,
                    hear_by=hear_by(appeal.filed_on, within_days),
                )
            )
            breaches.append(Breach(KIND, appeal.id, today, envelope.id))
        await uow.breaches.record(breaches, at=uow.now())
        await uow.commit()
    if len(appeals) < limit:
        return Batch(len(breaches), None)
    last = appeals[-1]
    return Batch(len(breaches), (last.filed_on.isoformat(), last.id))
