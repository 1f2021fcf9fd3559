"""The lives of an application and a loan: their states, and the moves each allows.

An application is submitted, then approved (an offer: a loan is made) or rejected. A loan is
offered, accepted (the date fixes the service charge), disbursed semester by semester, then
repaid from the month after the final disbursement; a diploma or degree loan may instead be
converted into a scholarship. Nothing is ever completed or cancelled by the platform today: a
loan repaid in full stays `repaying` with nothing owed.
"""

from __future__ import annotations

from enum import StrEnum

from shared.kernel.errors import Conflict


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class LoanStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DISBURSING = "disbursing"
    REPAYING = "repaying"
    SCHOLARSHIP = "scholarship"


# Loans that count as finished studies when the same person applies again.
STUDIES_FINISHED = frozenset({LoanStatus.REPAYING, LoanStatus.SCHOLARSHIP})


def application_decided(status: ApplicationStatus, *, approve: bool) -> ApplicationStatus:
    if status is not ApplicationStatus.SUBMITTED:
        raise Conflict(f"The application is already {status.value}")
    return ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED


def offer_accepted(status: LoanStatus) -> LoanStatus:
    if status is not LoanStatus.OFFERED:
        raise Conflict(f"The offer is already {status.value}")
    return LoanStatus.ACCEPTED


def ensure_guarantors_may_change(status: LoanStatus) -> None:
    if status is LoanStatus.SCHOLARSHIP:
        raise Conflict(f"The loan is {status.value}")


def after_disbursement(status: LoanStatus, *, final: bool) -> LoanStatus:
    if status not in (LoanStatus.ACCEPTED, LoanStatus.DISBURSING):
        raise Conflict(
            f"The loan is {status.value}: accept the offer first, and disbursements stop after "
            "the final one"
        )
    return LoanStatus.REPAYING if final else LoanStatus.DISBURSING
