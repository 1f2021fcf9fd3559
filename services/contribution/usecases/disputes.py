"""Late interest under appeal: frozen when an appeal cites its assessment, then cancelled or
restored by the Board's decision (services/contribution/domain/disputes.py has the rule).

Each runs in the consuming transaction of the appeals service's event, with that event's inbox
row: it happens once, whatever is redelivered. The filing and the decision may meet this service
in either order (a decision first settles the assessment it names; the filing then finds it
settled and leaves it so).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

import structlog

from services.contribution.domain.disputes import DisputeStatus, cancel, settled_as
from services.contribution.domain.lifecycle import submission_after_payment
from services.contribution.events import (
    LateInterestAssessed,
    LateInterestCancelled,
    LateInterestDisputed,
    LateInterestRestored,
)
from services.contribution.models import InterestDispute, Payment, Submission
from services.contribution.repository import ContributionUnitOfWork
from shared.kernel.money import ZERO

log = structlog.get_logger(__name__)


async def _assessment(
    uow: ContributionUnitOfWork, assessment_event_id: str
) -> tuple[LateInterestAssessed, Submission, Payment] | None:
    """The assessment an appeal cites, from this service's own outbox, with what it charged."""
    envelope = await uow.own_event(assessment_event_id)
    if envelope is None or envelope.type != LateInterestAssessed.type:
        # The appeals service only lets an appeal cite a decision it recorded from this stream.
        log.warning("dispute.unknown_assessment", assessment_event_id=assessment_event_id)
        return None
    assessed = LateInterestAssessed.parse(envelope.data)
    [submission] = await uow.submissions.by_references_for_update({assessed.reference})
    payment = await uow.payments.get(assessed.payment_id, for_update=True)
    assert payment is not None
    return assessed, submission, payment


def _opened(
    uow: ContributionUnitOfWork,
    assessed: LateInterestAssessed,
    submission: Submission,
    assessment_event_id: str,
    appeal_id: str,
) -> InterestDispute:
    dispute = InterestDispute(
        assessment_event_id=assessment_event_id,
        appeal_id=appeal_id,
        payment_id=assessed.payment_id,
        submission_id=submission.id,
        reference=submission.reference,
        employer_code=submission.employer_code,
        amount=assessed.amount,
        status=DisputeStatus.DISPUTED.value,
        paid_back=ZERO,
        opened_at=uow.now(),
    )
    uow.disputes.add(dispute)
    return dispute


async def dispute(uow: ContributionUnitOfWork, *, assessment_event_id: str, appeal_id: str) -> None:
    """An appeal cites the assessment: freeze it until the Board decides."""
    async with uow:
        if await uow.disputes.get_for_update(assessment_event_id) is not None:
            return  # already under another appeal, or settled by a decision that came first
        found = await _assessment(uow, assessment_event_id)
        if found is None:
            return
        assessed, submission, payment = found
        _opened(uow, assessed, submission, assessment_event_id, appeal_id)
        submission.interest_disputed += assessed.amount
        payment.interest_status = DisputeStatus.DISPUTED.value
        uow.record(
            LateInterestDisputed(
                reference=submission.reference,
                payment_id=payment.payment_id,
                employer_code=submission.employer_code,
                amount=assessed.amount,
                assessment_event_id=assessment_event_id,
                appeal_id=appeal_id,
                interest_owed=submission.account.interest_owed,
            )
        )
        await uow.commit()


async def settle(
    uow: ContributionUnitOfWork,
    *,
    assessment_event_id: str,
    appeal_id: str,
    outcome: str,
    allowed: bool,
) -> None:
    """The Board decided (or the appeal was withdrawn): cancel or restore the interest."""
    async with uow:
        record = await uow.disputes.get_for_update(assessment_event_id)
        if record is not None and (
            record.appeal_id != appeal_id or record.status != DisputeStatus.DISPUTED.value
        ):
            return  # another appeal holds this assessment, or it is settled already
        found = await _assessment(uow, assessment_event_id)
        if found is None:
            return
        assessed, submission, payment = found
        if record is None:
            # The decision met us before the filing: settle what was never frozen.
            record = _opened(uow, assessed, submission, assessment_event_id, appeal_id)
        else:
            submission.interest_disputed -= record.amount
        status = settled_as(allowed=allowed)
        record.status, record.outcome, record.settled_at = status.value, outcome, uow.now()
        payment.interest_status = status.value
        if status is DisputeStatus.CANCELLED:
            _cancel(uow, record, submission)
        else:
            uow.record(
                LateInterestRestored(
                    **_consequence(record, submission), amount=record.amount, outcome=outcome
                )
            )
        await uow.commit()


def _cancel(uow: ContributionUnitOfWork, record: InterestDispute, submission: Submission) -> None:
    cancellation = cancel(submission.account, record.amount)
    submission.interest_cancelled += cancellation.cancelled
    submission.interest_paid -= cancellation.paid_back
    if cancellation.paid_back > 0:
        # Money back on the contributions may be what meets them in full.
        submission.status = submission_after_payment(
            total=submission.total, paid=submission.account.contributions_paid
        ).value
    record.paid_back = cancellation.paid_back
    uow.record(
        LateInterestCancelled(
            **_consequence(record, submission),
            amount=cancellation.cancelled,
            paid_back=cancellation.paid_back,
            credit=submission.account.credit,
        )
    )


class _Consequence(TypedDict):
    reference: str
    payment_id: str
    employer_code: str
    assessment_event_id: str
    appeal_id: str
    interest_owed: Decimal


def _consequence(record: InterestDispute, submission: Submission) -> _Consequence:
    return {
        "reference": submission.reference,
        "payment_id": record.payment_id,
        "employer_code": submission.employer_code,
        "assessment_event_id": record.assessment_event_id,
        "appeal_id": record.appeal_id,
        "interest_owed": submission.account.interest_owed,
    }
