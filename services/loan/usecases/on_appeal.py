"""What the Appellate Board's decisions do here: an allowed appeal against a rejected
application reopens it (CONTRACT.md "The services act on each other's decisions").

Runs in the consuming transaction of `appeals.appeal.decided`, with its inbox row: once per
decision, whatever is redelivered. The decision names the rejection by its event id, which this
service's own outbox keeps.
"""

from __future__ import annotations

import structlog

from services.loan.domain import lifecycle
from services.loan.domain.lifecycle import ApplicationStatus
from services.loan.events import ApplicationRejected, ApplicationReopened
from services.loan.repository import LoanUnitOfWork

log = structlog.get_logger(__name__)


async def reopen_application(
    uow: LoanUnitOfWork, *, rejection_event_id: str, appeal_id: str
) -> None:
    """Put the rejected application back before an officer (`submitted`), to decide again."""
    async with uow:
        rejection = await uow.own_event(rejection_event_id)
        if rejection is None or rejection.type != ApplicationRejected.type:
            log.warning("appeal.unknown_rejection", rejection_event_id=rejection_event_id)
            return
        application = await uow.applications.get(str(rejection.data["application_id"]))
        assert application is not None, "a rejection this service published names its own"
        reopened = lifecycle.reopened_on_appeal(ApplicationStatus(application.status))
        if reopened is None:
            return
        application.status = reopened.value
        application.decision_reason = None
        uow.record(
            ApplicationReopened(
                application_id=application.id,
                person_key=uow.person_key(application.applicant_ic),
                appeal_id=appeal_id,
                rejection_event_id=rejection_event_id,
            )
        )
        await uow.commit()
