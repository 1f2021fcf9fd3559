"""What a submission would cost if what it still owes were paid on a day: nothing is recorded.

One way to compute: the payment is priced exactly as a bank's would be (matching.match_payment,
and through it interest.late_interest with the service's InterestPolicy), for the contributions
outstanding. Paying on that day takes the outstanding contributions, the interest already
assessed and still owed, and the interest this payment would be charged. A submission already
paid in full accrues nothing more: it answers what its payments were charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.matching import SubmissionAccount, match_payment
from shared.kernel.money import ZERO


@dataclass(frozen=True)
class PaymentForecast:
    days_late: int
    late_interest: Decimal
    total: Decimal  # what paying on the day takes: outstanding + interest owed + this interest
    explanation: tuple[str, ...]


def if_paid_on(
    *, account: SubmissionAccount, due: date, pay_on: date, policy: InterestPolicy
) -> PaymentForecast:
    """The outstanding contributions paid on `pay_on`: its days late against `due`, its interest."""
    outstanding = account.outstanding
    match = match_payment(
        amount=outstanding, account=account, due=due, paid_on=pay_on, policy=policy
    )
    owed = account.interest_owed
    total = outstanding + owed + match.interest
    return PaymentForecast(
        days_late=match.days_late,
        late_interest=match.interest,
        total=total,
        explanation=(
            f"outstanding contributions: RM{outstanding}",
            *match.explanation,
            f"late-payment interest already assessed and still owed: RM{owed}",
            f"paid on {pay_on.isoformat()}: RM{outstanding} + RM{owed} + RM{match.interest}"
            f" = RM{total}",
        ),
    )


def as_charged(*, account: SubmissionAccount, days_late: int) -> PaymentForecast:
    """A submission paid in full: the days late and interest its payments were charged, and
    what is still owed of that interest (all a payment that day would take)."""
    explanation = [
        "paid in full: no further interest accrues",
        f"late-payment interest charged on its payments: RM{account.interest_assessed}"
        + (f" ({days_late} day(s) late)" if days_late else ""),
    ]
    if account.interest_waived > ZERO:
        explanation.append(f"waived: RM{account.interest_waived}")
    explanation.append(f"still owed of it: RM{account.interest_owed}")
    return PaymentForecast(
        days_late=days_late,
        late_interest=account.interest_assessed,
        total=account.interest_owed,
        explanation=tuple(explanation),
    )


def forecast(
    *,
    account: SubmissionAccount,
    due: date,
    pay_on: date,
    policy: InterestPolicy,
    days_late_charged: int,
) -> PaymentForecast:
    """What the submission would cost paid on `pay_on`, or, paid already, what it was charged."""
    if account.outstanding > ZERO:
        return if_paid_on(account=account, due=due, pay_on=pay_on, policy=policy)
    return as_charged(account=account, days_late=days_late_charged)
