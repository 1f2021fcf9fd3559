"""The treatment decision deadline: requests undecided after the decision days, raised once each."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from services.dialysis.domain.deadlines import decision_overdue, latest_overdue_request_day
from services.dialysis.events import TreatmentDecisionOverdue
from services.dialysis.models import Treatment
from services.dialysis.repository import DialysisUnitOfWork
from shared.kernel.clock import malaysia_date, start_of_day
from shared.persistence.deadline_watcher import Batch, Cursor
from shared.persistence.deadlines import Breach, not_yet_breached

KIND = TreatmentDecisionOverdue.type


async def raise_overdue_decisions(
    uow: DialysisUnitOfWork, *, today: date, decision_days: int, after: Cursor | None, limit: int
) -> Batch:
    """One batch of requests past their decision deadline: a breach and an event each, one commit."""
    requested_before = start_of_day(latest_overdue_request_day(today, decision_days) + timedelta(1))
    async with uow:
        treatments = await uow.treatments.undecided_requested_before(
            requested_before,
            unless=not_yet_breached(uow.tables.deadline_breaches, KIND, Treatment.id),
            after=(datetime.fromisoformat(after[0]), after[1]) if after else None,
            limit=limit,
        )
        breaches = []
        for treatment in treatments:
            requested_on = malaysia_date(treatment.requested_at)
            assert decision_overdue(requested_on, today, decision_days)
            envelope = uow.record(
                TreatmentDecisionOverdue(
                    treatment_id=treatment.id,
                    centre_id=treatment.centre_id,
                    person_key=uow.person_key(treatment.ic),
                    requested_on=requested_on,
                    decision_days=decision_days,
                )
            )
            breaches.append(Breach(KIND, treatment.id, today, envelope.id))
        await uow.breaches.record(breaches, at=uow.now())
        await uow.commit()
    if len(treatments) < limit:
        return Batch(len(breaches), None)
    last = treatments[-1]
    return Batch(len(breaches), (last.requested_at.isoformat(), last.id))
