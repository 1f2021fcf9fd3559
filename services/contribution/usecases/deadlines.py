"""The payment deadline: submissions still owing the day after their due date, raised once each."""

from __future__ import annotations

from datetime import date

from services.contribution.domain.deadlines import submission_overdue
from services.contribution.domain.lifecycle import SubmissionStatus
from services.contribution.events import SubmissionOverdue
from services.contribution.models import Submission
from services.contribution.repository import ContributionUnitOfWork
from shared.persistence.deadline_watcher import Batch, Cursor
from shared.persistence.deadlines import Breach, not_yet_breached

KIND = SubmissionOverdue.type


async def raise_overdue_submissions(
    uow: ContributionUnitOfWork, *, today: date, after: Cursor | None, limit: int
) -> Batch:
    """One batch of submissions past their due date and still owing: a breach and an event each."""
    async with uow:
        submissions = await uow.submissions.owed_due_before(
            today,
            unless=not_yet_breached(uow.tables.deadline_breaches, KIND, Submission.id),
            after=(date.fromisoformat(after[0]), after[1]) if after else None,
            limit=limit,
        )
        breaches = []
        for submission in submissions:
            outstanding = submission.account.outstanding
            if not submission_overdue(
                due_date=submission.due_date,
                today=today,
                outstanding=outstanding,
                voided=submission.status == SubmissionStatus.VOIDED,
            ):
                continue
            envelope = uow.record(
                SubmissionOverdue(
                    submission_id=submission.id,
                    reference=submission.reference,
                    employer_code=submission.employer_code,
                    month=submission.month,
                    due_date=submission.due_date,
                    outstanding=outstanding,
                )
            )
            breaches.append(Breach(KIND, submission.id, today, envelope.id))
        await uow.breaches.record(breaches, at=uow.now())
        await uow.commit()
    if len(submissions) < limit:
        return Batch(len(breaches), None)
    last = submissions[-1]
    return Batch(len(breaches), (last.due_date.isoformat(), last.id))
