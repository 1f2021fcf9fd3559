"""Interest under appeal: frozen while the Board hears it, then cancelled or restored (domain)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from services.contribution.domain.disputes import (
    Cancellation,
    DisputeStatus,
    cancel,
    settled_as,
)
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.matching import SubmissionAccount, match_payment


def account(**figures: str) -> SubmissionAccount:
    values = {"total": "100.00", "paid": "100.00", "interest_assessed": "10.00"}
    values.update(figures)
    return SubmissionAccount(
        total=D(values.pop("total")),
        paid=D(values.pop("paid")),
        interest_assessed=D(values.pop("interest_assessed")),
        interest_paid=D(values.pop("interest_paid", "0")),
        **{k: D(v) for k, v in values.items()},
    )


def test_interest_under_appeal_is_frozen_not_owed() -> None:
    frozen = account(interest_disputed="10.00")
    assert frozen.interest_frozen == D("10.00")
    assert frozen.interest_owed == D("0.00")
    assert frozen.interest_unpaid == D("10.00")


def test_only_the_unpaid_part_of_disputed_interest_is_frozen() -> None:
    part_paid = account(paid="104.00", interest_paid="4.00", interest_disputed="10.00")
    assert part_paid.interest_frozen == D("6.00")
    assert part_paid.interest_owed == D("0.00")
    other_assessment_owed = account(interest_assessed="15.00", interest_disputed="10.00")
    assert other_assessment_owed.interest_frozen == D("10.00")
    assert other_assessment_owed.interest_owed == D("5.00"), "only the appealed one is frozen"


def test_interest_charged_leaves_out_what_was_waived_or_cancelled_and_never_goes_below_nothing() -> (
    None
):
    assert account(interest_waived="3.00", interest_cancelled="2.00").interest_charged == D("5.00")
    assert account(interest_waived="6.00", interest_cancelled="6.00").interest_charged == D("0")
    assert account(interest_cancelled="10.00").interest_owed == D("0")


def test_a_payment_never_settles_interest_under_appeal() -> None:
    frozen = account(interest_disputed="10.00")
    match = match_payment(
        amount=D("10.00"),
        account=frozen,
        due=date(2025, 8, 15),
        paid_on=date(2025, 8, 31),
        policy=InterestPolicy(),
    )
    assert match.interest_settled == D("0")
    assert match.status.value == "overpaid", "the money is credit, not interest"


def test_an_allowed_appeal_cancels_the_unpaid_interest_and_gives_nothing_back() -> None:
    assert cancel(account(interest_disputed="10.00"), D("10.00")) == Cancellation(
        D("10.00"), D("0")
    )


def test_an_allowed_appeal_gives_back_the_interest_already_paid() -> None:
    paid = account(paid="110.00", interest_paid="10.00")
    assert cancel(paid, D("10.00")) == Cancellation(D("10.00"), D("10.00"))
    # Of RM15 assessed on two payments and all paid, cancelling RM10 gives RM10 back.
    both_paid = account(paid="115.00", interest_assessed="15.00", interest_paid="15.00")
    assert cancel(both_paid, D("10.00")) == Cancellation(D("10.00"), D("10.00"))
    # RM4 paid of RM15: RM5 is still charged after cancelling RM10, so nothing comes back.
    part_paid = account(paid="104.00", interest_assessed="15.00", interest_paid="4.00")
    assert cancel(part_paid, D("10.00")) == Cancellation(D("10.00"), D("0"))
    # RM7 paid of RM15: RM5 still charged, RM2 comes back.
    more_paid = account(paid="107.00", interest_assessed="15.00", interest_paid="7.00")
    assert cancel(more_paid, D("10.00")) == Cancellation(D("10.00"), D("2.00"))


def test_a_cancellation_is_never_more_than_is_still_charged() -> None:
    waived = account(interest_waived="4.00")
    assert cancel(waived, D("10.00")) == Cancellation(D("6.00"), D("0"))
    gone = account(interest_cancelled="10.00")
    assert cancel(gone, D("10.00")) == Cancellation(D("0"), D("0"))


def test_only_an_allowed_appeal_cancels_every_other_end_restores() -> None:
    assert settled_as(allowed=True) is DisputeStatus.CANCELLED
    assert settled_as(allowed=False) is DisputeStatus.RESTORED
