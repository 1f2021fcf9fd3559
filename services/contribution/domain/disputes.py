"""Late-payment interest under appeal to the Social Security Appellate Board.

An appeal against an assessment freezes it: the interest stays on record, but while the appeal is
heard it is neither asked for nor settled by payments (services/contribution/domain/matching.py
leaves it out of `interest_owed`). The Board's decision settles it: an allowed appeal cancels the
assessment, and whatever was already paid towards interest the employer is no longer charged goes
back to the contributions (and so to credit, if they are met); any other end of the appeal
(dismissed, struck out, withdrawn) restores it, owed again in full. The law charges interest on
contributions paid late, not on interest, so nothing is added for the months the appeal took.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from services.contribution.domain.matching import SubmissionAccount
from shared.kernel.money import ZERO


class DisputeStatus(StrEnum):
    DISPUTED = "disputed"
    CANCELLED = "cancelled"
    RESTORED = "restored"


def settled_as(*, allowed: bool) -> DisputeStatus:
    """How the Board's decision settles the interest it was asked about: an allowed appeal
    cancels it, every other end (dismissed, struck out, withdrawn) restores it."""
    return DisputeStatus.CANCELLED if allowed else DisputeStatus.RESTORED


@dataclass(frozen=True)
class Cancellation:
    cancelled: Decimal  # interest the employer is no longer charged
    paid_back: Decimal  # interest already paid that now counts towards the contributions


def cancel(account: SubmissionAccount, amount: Decimal) -> Cancellation:
    """Cancel `amount` of a submission's interest: never more than is still charged on it, and
    the interest paid beyond what is still charged afterwards is the employer's again."""
    cancelled = min(amount, account.interest_charged)
    still_charged = account.interest_charged - cancelled
    return Cancellation(cancelled, max(account.interest_paid - still_charged, ZERO))
