"""The moves an application and a loan allow, and those they refuse.

The reference: "Applicants who have accepted the offer for the education benefit must secure
guarantors"; "Disbursements will be made on a staggered basis for each semester"; "Loans must be
paid ... commencing after the twelfth (12) month from the final month of which the borrower
receives the final disbursement"; "For education benefits at diploma and degree level education,
borrowers may apply to convert their loans into scholarships if the final academic results fulfill
the conditions set by SOCSO."
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.loan.domain.lifecycle import (
    STUDIES_FINISHED,
    ApplicationStatus,
    LoanStatus,
    after_disbursement,
    after_repayment,
    application_decided,
    converted_to_scholarship,
    ensure_being_repaid,
    ensure_guarantors_may_change,
    offer_accepted,
)
from shared.kernel.errors import Conflict


def test_a_submitted_application_is_approved_or_rejected() -> None:
    assert application_decided(ApplicationStatus.SUBMITTED, approve=True) is (
        ApplicationStatus.APPROVED
    )
    assert application_decided(ApplicationStatus.SUBMITTED, approve=False) is (
        ApplicationStatus.REJECTED
    )


@pytest.mark.parametrize("status", [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])
def test_a_decided_application_is_not_decided_again(status: ApplicationStatus) -> None:
    with pytest.raises(Conflict) as raised:
        application_decided(status, approve=True)
    assert raised.value.detail == f"The application is already {status.value}"


def test_an_offer_is_accepted_once() -> None:
    assert offer_accepted(LoanStatus.OFFERED) is LoanStatus.ACCEPTED


@pytest.mark.parametrize("status", [s for s in LoanStatus if s is not LoanStatus.OFFERED])
def test_only_an_open_offer_can_be_accepted(status: LoanStatus) -> None:
    with pytest.raises(Conflict) as raised:
        offer_accepted(status)
    assert raised.value.detail == f"The offer is already {status.value}"


@pytest.mark.parametrize(
    "status",
    [LoanStatus.OFFERED, LoanStatus.ACCEPTED, LoanStatus.DISBURSING, LoanStatus.REPAYING],
)
def test_guarantors_may_change_while_the_loan_is_open(status: LoanStatus) -> None:
    ensure_guarantors_may_change(status)


@pytest.mark.parametrize("status", [LoanStatus.SCHOLARSHIP, LoanStatus.COMPLETED])
def test_guarantors_are_fixed_once_the_loan_is_closed(status: LoanStatus) -> None:
    with pytest.raises(Conflict) as raised:
        ensure_guarantors_may_change(status)
    assert raised.value.detail == f"The loan is {status.value}"


@pytest.mark.parametrize("status", [LoanStatus.ACCEPTED, LoanStatus.DISBURSING])
def test_disbursements_continue_until_the_final_one(status: LoanStatus) -> None:
    """ "Disbursements will be made on a staggered basis for each semester"; repayment follows the
    final disbursement."""
    assert after_disbursement(status, final=False) is LoanStatus.DISBURSING
    assert after_disbursement(status, final=True) is LoanStatus.REPAYING


@pytest.mark.parametrize(
    "status",
    [LoanStatus.OFFERED, LoanStatus.REPAYING, LoanStatus.COMPLETED, LoanStatus.SCHOLARSHIP],
)
def test_no_disbursement_before_acceptance_or_after_the_final_one(status: LoanStatus) -> None:
    with pytest.raises(Conflict) as raised:
        after_disbursement(status, final=False)
    assert raised.value.detail == (
        f"The loan is {status.value}: accept the offer first, and disbursements stop after "
        "the final one"
    )


def test_a_repaying_loan_converts_into_a_scholarship() -> None:
    assert converted_to_scholarship(LoanStatus.REPAYING) is LoanStatus.SCHOLARSHIP


@pytest.mark.parametrize("status", [s for s in LoanStatus if s is not LoanStatus.REPAYING])
def test_only_a_loan_whose_studies_are_over_converts(status: LoanStatus) -> None:
    with pytest.raises(Conflict) as raised:
        converted_to_scholarship(status)
    assert raised.value.detail == (
        f"The loan is {status.value}: a loan converts into a scholarship after its final "
        "disbursement, once the final results are in"
    )


def test_a_loan_is_completed_when_repayments_reach_what_its_schedule_asks() -> None:
    payable = Decimal("12671.74")
    repaying = LoanStatus.REPAYING
    assert after_repayment(repaying, repaid=payable, payable=payable) is LoanStatus.COMPLETED
    assert (
        after_repayment(repaying, repaid=Decimal("12671.75"), payable=payable)
        is LoanStatus.COMPLETED
    )
    assert after_repayment(repaying, repaid=Decimal("12671.73"), payable=payable) is repaying


def test_without_a_schedule_or_outside_repayment_nothing_completes() -> None:
    assert (
        after_repayment(LoanStatus.REPAYING, repaid=Decimal("5000.00"), payable=None)
        is LoanStatus.REPAYING
    )
    for status in (LoanStatus.DISBURSING, LoanStatus.SCHOLARSHIP, LoanStatus.ACCEPTED):
        assert (
            after_repayment(status, repaid=Decimal("5000.00"), payable=Decimal("100.00")) is status
        )


def test_studies_are_finished_once_repaying_completed_or_a_scholarship() -> None:
    assert (
        frozenset({LoanStatus.REPAYING, LoanStatus.COMPLETED, LoanStatus.SCHOLARSHIP})
        == STUDIES_FINISHED
    )


def test_only_a_rejected_application_is_reopened_by_an_allowed_appeal() -> None:
    from services.loan.domain.lifecycle import ApplicationStatus, reopened_on_appeal

    assert reopened_on_appeal(ApplicationStatus.REJECTED) is ApplicationStatus.SUBMITTED
    assert reopened_on_appeal(ApplicationStatus.SUBMITTED) is None, "reopened already"
    assert reopened_on_appeal(ApplicationStatus.APPROVED) is None


def test_a_completed_loan_has_nothing_left_to_prepay() -> None:
    with pytest.raises(Conflict) as raised:
        ensure_being_repaid(LoanStatus.COMPLETED)
    assert str(raised.value) == "The loan is completed: nothing is left to prepay"


@pytest.mark.parametrize(
    "status",
    [LoanStatus.OFFERED, LoanStatus.ACCEPTED, LoanStatus.DISBURSING, LoanStatus.SCHOLARSHIP],
)
def test_a_loan_not_yet_repaid_is_told_when_repayment_starts(status: LoanStatus) -> None:
    with pytest.raises(Conflict) as raised:
        ensure_being_repaid(status)
    assert str(raised.value) == (
        f"The loan is {status.value}: repayment starts after the final disbursement"
    )


def test_a_loan_being_repaid_may_be_prepaid() -> None:
    assert ensure_being_repaid(LoanStatus.REPAYING) is None
