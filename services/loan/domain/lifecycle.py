"""The lives of an application and a loan: their states, and the moves each allows.

An application is submitted, then approved (an offer: a loan is made) or rejected. A loan is
offered, accepted (the date fixes the service charge), disbursed semester by semester, then
repaid from the month after the final disbursement; a diploma or degree loan may instead be
converted into a scholarship once studies are over (the final disbursement made). A loan whose
repayments reach what its schedule asks is completed.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from shared.kernel.errors import Conflict
from shared.kernel.i18n import msg


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class LoanStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DISBURSING = "disbursing"
    REPAYING = "repaying"
    COMPLETED = "completed"
    SCHOLARSHIP = "scholarship"


# Loans that count as finished studies when the same person applies again.
STUDIES_FINISHED = frozenset({LoanStatus.REPAYING, LoanStatus.COMPLETED, LoanStatus.SCHOLARSHIP})


def application_decided(status: ApplicationStatus, *, approve: bool) -> ApplicationStatus:
    if status is not ApplicationStatus.SUBMITTED:
        raise Conflict(msg("The application is already {status}", status=status.value))
    return ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED


def reopened_on_appeal(status: ApplicationStatus) -> ApplicationStatus | None:
    """An appeal the Appellate Board allowed against a rejection puts the application back before
    an officer, to be decided again; an application no longer rejected (reopened already) stays."""
    return ApplicationStatus.SUBMITTED if status is ApplicationStatus.REJECTED else None


def offer_accepted(status: LoanStatus) -> LoanStatus:
    if status is not LoanStatus.OFFERED:
        raise Conflict(msg("The offer is already {status}", status=status.value))
    return LoanStatus.ACCEPTED


def ensure_guarantors_may_change(status: LoanStatus) -> None:
    if status in (LoanStatus.SCHOLARSHIP, LoanStatus.COMPLETED):
        raise Conflict(msg("The loan is {status}", status=status.value))


def converted_to_scholarship(status: LoanStatus) -> LoanStatus:
    """Only a loan whose studies are over (the final disbursement made, repaying) converts."""
    if status is not LoanStatus.REPAYING:
        raise Conflict(
            msg(
                "The loan is {status}: a loan converts into a scholarship after its final disbursement, once the final results are in",
                status=status.value,
            )
        )
    return LoanStatus.SCHOLARSHIP


def after_repayment(status: LoanStatus, *, repaid: Decimal, payable: Decimal | None) -> LoanStatus:
    """A repaying loan whose repayments reach what its schedule asks is completed."""
    if status is LoanStatus.REPAYING and payable is not None and repaid >= payable:
        return LoanStatus.COMPLETED
    return status


def ensure_being_repaid(status: LoanStatus) -> None:
    """Only a loan being repaid has instalments a prepayment could change."""
    if status is LoanStatus.COMPLETED:
        raise Conflict(msg("The loan is completed: nothing is left to prepay"))
    if status is not LoanStatus.REPAYING:
        raise Conflict(
            msg(
                "The loan is {status}: repayment starts after the final disbursement",
                status=status.value,
            )
        )


def after_disbursement(status: LoanStatus, *, final: bool) -> LoanStatus:
    if status not in (LoanStatus.ACCEPTED, LoanStatus.DISBURSING):
        raise Conflict(
            msg(
                "The loan is {status}: accept the offer first, and disbursements stop after the final one",
                status=status.value,
            )
        )
    return LoanStatus.REPAYING if final else LoanStatus.DISBURSING
