"""Act 838 (Housewives' Social Security Act 2022): RM120 paid in advance covers 12 consecutive months."""

from __future__ import annotations

from decimal import Decimal

from services.contribution.domain.months import ContributionMonth
from shared.kernel.i18n import msg

ANNUAL_CONTRIBUTION = Decimal("120.00")
MONTHS_COVERED = 12


class WrongHousewifeContribution(ValueError):
    """Only the full RM120 advance is accepted."""


def coverage_for_payment(
    amount: Decimal, *, paid_in: ContributionMonth, covered_until: ContributionMonth | None
) -> tuple[ContributionMonth, ContributionMonth]:
    """The 12 consecutive months a payment covers: from the payment month, or after the current cover."""
    if amount != ANNUAL_CONTRIBUTION:
        raise WrongHousewifeContribution(
            msg(
                "the contribution is RM{ANNUAL_CONTRIBUTION} paid in advance, not RM{amount}",
                ANNUAL_CONTRIBUTION=ANNUAL_CONTRIBUTION,
                amount=amount,
            )
        )
    start = paid_in if covered_until is None or covered_until < paid_in else covered_until.next()
    return start, start.plus(MONTHS_COVERED - 1)
