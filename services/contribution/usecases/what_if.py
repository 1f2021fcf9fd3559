"""What a submission would cost paid on a day: read only, so nothing is recorded or published."""

from __future__ import annotations

from datetime import date

from services.contribution import access
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import (
    PaymentStatus,
    SubmissionStatus,
    ensure_not_voided,
)
from services.contribution.domain.what_if import PaymentForecast, forecast
from services.contribution.models import Submission
from services.contribution.repository import ContributionUnitOfWork
from shared.kernel.dates import ensure_today_or_later
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal


async def cost_if_paid_on(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    reference: str,
    pay_on: date,
    policy: InterestPolicy,
) -> PaymentForecast:
    """Days late, interest and total if what the submission owes were paid on `pay_on` (the
    employer itself or an officer; a voided submission: 409)."""
    access.ensure_may_ask_what_if(principal, employer_code)
    ensure_today_or_later("pay_on", pay_on, now=uow.now())
    submission = await uow.submissions.by_reference(reference)
    if submission is None or submission.employer_code != employer_code:
        raise NotFound(msg("Submission {reference} not found", reference=reference))
    ensure_not_voided(SubmissionStatus(submission.status), reference)
    return forecast(
        account=submission.account,
        due=submission.due_date,
        pay_on=pay_on,
        policy=policy,
        days_late_charged=await _days_late_charged(uow, submission),
    )


async def _days_late_charged(uow: ContributionUnitOfWork, submission: Submission) -> int:
    """The most days late any money still on the submission was charged for: its own payments
    and what officers allocated to it, never a payment the bank took back."""
    payments = await uow.payments.of_submissions([submission.id])
    reversed_ids = {p.payment_id for p in payments if p.status == PaymentStatus.REVERSED.value}
    allocations = await uow.payments.allocations_to([submission.id])
    for allocation in allocations:
        source = await uow.payments.get(allocation.payment_id)
        if source is not None and source.status == PaymentStatus.REVERSED.value:
            reversed_ids.add(source.payment_id)
    charged = [
        p.days_late for p in payments if p.payment_id not in reversed_ids and p.applied_amount > 0
    ]
    charged += [
        a.days_late
        for a in allocations
        if a.payment_id not in reversed_ids and a.applied_amount > 0
    ]
    return max(charged, default=0)
