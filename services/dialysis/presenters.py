"""How centres, treatments, bills and claims are shown: from records to the response models."""

from __future__ import annotations

from collections.abc import Sequence

from services.dialysis.domain.billing import PricedItem
from services.dialysis.models import Bill, BilledSession, Claim
from services.dialysis.schemas import BillOut, ClaimOut, ItemOut
from shared.kernel.money import ZERO


def items_out(items: Sequence[PricedItem]) -> list[ItemOut]:
    return [
        ItemOut(
            service_date=i.service_date,
            claimed=i.claimed,
            approved=i.approved,
            refused=i.refused,
            reason=i.refused_reason,
        )
        for i in items
    ]


def billed_sessions_out(sessions: Sequence[BilledSession]) -> list[ItemOut]:
    """Sessions on a stored bill: each paid in full, or it would not be on the bill."""
    return [
        ItemOut(
            service_date=s.session_date,
            claimed=s.amount,
            approved=s.amount,
            refused=ZERO,
            reason=None,
        )
        for s in sessions
    ]


def bill_out(bill: Bill, sessions: Sequence[ItemOut] = ()) -> BillOut:
    return BillOut(
        id=bill.id,
        centre_id=bill.centre_id,
        treatment_id=bill.treatment_id,
        status=bill.status,
        amount=bill.amount,
        sessions=list(sessions),
    )


def claim_out(
    claim: Claim, items: Sequence[PricedItem] = (), *, sessions: Sequence[BilledSession] = ()
) -> ClaimOut:
    """A claim, with its priced items when just made, or the sessions it was paid for."""
    return ClaimOut(
        id=claim.id,
        treatment_id=claim.treatment_id,
        kind=claim.kind,
        status=claim.status,
        claimed=claim.claimed,
        approved=claim.approved,
        refused=claim.refused,
        paid=claim.paid_amount,
        reasons=claim.reasons,
        items=items_out(items) if items else billed_sessions_out(sessions),
    )
