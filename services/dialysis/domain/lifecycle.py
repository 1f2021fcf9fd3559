"""The lives of a panel centre's bill and a patient's claim: their states and allowed moves.

A bill is submitted, approved by an officer, then paid. A claim is approved (in whole or in part)
or refused as it is priced, and an approved claim is paid.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from shared.kernel.errors import Conflict
from shared.kernel.i18n import msg


class BillStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PAID = "paid"


class ClaimStatus(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"
    PAID = "paid"


def bill_approved(status: BillStatus) -> BillStatus:
    if status is not BillStatus.SUBMITTED:
        raise Conflict(msg("The bill is already {status}", status=status.value))
    return BillStatus.APPROVED


def bill_paid(status: BillStatus) -> BillStatus:
    if status is not BillStatus.APPROVED:
        raise Conflict(
            msg("Only an approved bill is paid; this one is {status}", status=status.value)
        )
    return BillStatus.PAID


def claim_priced(approved_any: bool) -> ClaimStatus:
    return ClaimStatus.APPROVED if approved_any else ClaimStatus.REFUSED


def claim_reopened_on_appeal(*, refused: Decimal) -> ClaimStatus | None:
    """An appeal the Appellate Board allowed against a refusal approves what was refused: the
    claim is payable again for that part (paid or not before). Nothing refused, nothing to do
    (an allowed appeal met twice, say)."""
    if refused <= 0:
        return None
    return ClaimStatus.APPROVED


def claim_paid(status: ClaimStatus) -> ClaimStatus:
    if status is not ClaimStatus.APPROVED:
        raise Conflict(
            msg("Only an approved claim is paid; this one is {status}", status=status.value)
        )
    return ClaimStatus.PAID
