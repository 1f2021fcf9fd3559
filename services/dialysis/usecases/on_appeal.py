"""What the Appellate Board's decisions do here: an allowed appeal against a refused claim
reopens it (CONTRACT.md "The services act on each other's decisions").

Runs in the consuming transaction of `appeals.appeal.decided`, with its inbox row: once per
decision, whatever is redelivered. The decision names the refusal by its event id, which this
service's own outbox keeps.
"""

from __future__ import annotations

import structlog

from services.dialysis.domain import lifecycle
from services.dialysis.events import ClaimRefused, ClaimReopened
from services.dialysis.repository import DialysisUnitOfWork
from shared.kernel.money import ZERO

log = structlog.get_logger(__name__)


async def reopen_claim(uow: DialysisUnitOfWork, *, refusal_event_id: str, appeal_id: str) -> None:
    """Approve what was refused of the claim, payable by the officers' usual (four-eyes) payment."""
    async with uow:
        refusal = await uow.own_event(refusal_event_id)
        if refusal is None or refusal.type != ClaimRefused.type:
            log.warning("appeal.unknown_refusal", refusal_event_id=refusal_event_id)
            return
        claim = await uow.claims.get(str(refusal.data["claim_id"]))
        assert claim is not None, "a refusal this service published names its own claim"
        reopened = lifecycle.claim_reopened_on_appeal(refused=claim.refused)
        if reopened is None:
            return
        allowed = claim.refused
        claim.approved += allowed
        claim.refused = ZERO
        claim.status = reopened.value
        claim.reasons = [*claim.reasons, f"allowed on appeal {appeal_id}"]
        uow.record(
            ClaimReopened(
                claim_id=claim.id,
                kind=claim.kind,
                allowed=allowed,
                approved=claim.approved,
                person_key=uow.person_key(claim.ic),
                appeal_id=appeal_id,
                refusal_event_id=refusal_event_id,
            )
        )
        await uow.commit()
