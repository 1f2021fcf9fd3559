"""Money officers move (domain.reconciliation) and the states it leaves (domain.lifecycle):
"Every sen received is on some account" (CONTRACT.md "Money that does not match")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution.domain.lifecycle import (
    SubmissionStatus,
    submission_after_amendment,
    submission_after_reversal,
)
from services.contribution.domain.matching import SubmissionAccount
from services.contribution.domain.reconciliation import (
    PaymentMoney,
    draw_credit,
    ensure_within,
    left_to_allocate,
)
from shared.kernel.errors import RuleViolated

D = Decimal


def money(
    amount: str, applied: str = "0", settled: str = "0", allocated: str = "0", *, matched: bool
) -> PaymentMoney:
    return PaymentMoney(D(amount), D(applied), D(settled), D(allocated), matched)


def test_all_of_an_unmatched_payment_is_left_until_allocated() -> None:
    assert left_to_allocate(money("91.40", matched=False), source_credit=D("0")) == D("91.40")
    assert left_to_allocate(
        money("91.40", allocated="40.00", matched=False), source_credit=D("0")
    ) == D("51.40")
    assert left_to_allocate(
        money("91.40", allocated="91.40", matched=False), source_credit=D("0")
    ) == D("0")
    # More allocated than there was never shows as less than nothing.
    assert left_to_allocate(
        money("1.00", allocated="2.00", matched=False), source_credit=D("9")
    ) == D("0")


def test_of_a_matched_payment_only_its_excess_is_left_and_only_while_it_is_still_credit() -> None:
    # RM100 on RM91.40 owed: 8.60 beyond the contributions.
    over = money("100.00", applied="91.40", matched=True)
    assert left_to_allocate(over, source_credit=D("8.60")) == D("8.60")
    # Interest it settled is not left either: 100 - 91.40 - 5.00.
    late = money("100.00", applied="91.40", settled="5.00", matched=True)
    assert left_to_allocate(late, source_credit=D("8.60")) == D("3.60")
    # A refund took some of the credit: what is left is what the submission still holds.
    assert left_to_allocate(over, source_credit=D("2.00")) == D("2.00")
    assert left_to_allocate(
        money("100.00", applied="91.40", allocated="8.60", matched=True), source_credit=D("8.60")
    ) == D("0")
    # A payment that met exactly what was owed has nothing to move.
    assert left_to_allocate(
        money("91.40", applied="91.40", matched=True), source_credit=D("5")
    ) == D("0")


def test_an_amount_is_checked_against_what_there_is_at_equality_and_just_past() -> None:
    ensure_within(D("8.60"), D("8.60"), field="amount", code="more-than-left", what="what is left")
    with pytest.raises(RuleViolated) as past:
        ensure_within(
            D("8.61"), D("8.60"), field="amount", code="more-than-left", what="what is left"
        )
    [violation] = past.value.violations
    assert (violation.field, violation.code, violation.message) == (
        "amount",
        "more-than-left",
        "at most RM8.60: what is left",
    )
    assert past.value.detail == "RM8.61 is more than what is left (RM8.60)"
    for nothing in (D("0"), D("-1")):
        with pytest.raises(RuleViolated) as zero:
            ensure_within(nothing, D("8.60"), field="amount", code="x", what="y")
        assert [(v.field, v.code, v.message) for v in zero.value.violations] == [
            ("amount", "not-positive", "must be above 0.00")
        ]
        assert zero.value.detail == "Nothing to move"


def test_a_refund_draws_on_the_oldest_credit_first_and_no_more_than_asked() -> None:
    # Survivor accepted as equivalent: `left <= ZERO` -> `< ZERO` only goes on to submissions
    # whose part is then min(credit, 0) = 0, which is never drawn.
    credits = [("JUL", D("5.00")), ("AUG", D("0")), ("SEP", D("10.00"))]
    assert draw_credit(credits, D("3.00")) == [("JUL", D("3.00"))]
    assert draw_credit(credits, D("5.00")) == [("JUL", D("5.00"))]
    assert draw_credit(credits, D("12.00")) == [("JUL", D("5.00")), ("SEP", D("7.00"))]
    assert draw_credit(credits, D("15.00")) == [("JUL", D("5.00")), ("SEP", D("10.00"))]
    assert draw_credit([], D("1.00")) == []


def test_money_refunded_is_owed_again_once_its_payment_is_reversed() -> None:
    refunded = SubmissionAccount(
        total=D("91.40"),
        paid=D("100.00"),
        interest_assessed=D("0"),
        interest_paid=D("0"),
        refunded=D("8.60"),
    )
    assert (refunded.outstanding, refunded.credit) == (D("0"), D("0"))
    reversed_ = SubmissionAccount(
        total=D("91.40"),
        paid=D("0"),
        interest_assessed=D("0"),
        interest_paid=D("0"),
        refunded=D("8.60"),
    )
    assert (reversed_.outstanding, reversed_.credit) == (D("100.00"), D("0"))


@pytest.mark.parametrize(
    ("total", "paid", "status"),
    [
        ("91.40", "0", SubmissionStatus.UNPAID),
        ("0", "0", SubmissionStatus.PAID),
        ("91.40", "0.50", SubmissionStatus.PARTIAL),
        ("91.40", "91.39", SubmissionStatus.PARTIAL),
        ("91.40", "91.40", SubmissionStatus.PAID),
        ("91.40", "100.00", SubmissionStatus.PAID),
    ],
)
def test_an_amended_submission_is_as_its_payments_now_meet_it(
    total: str, paid: str, status: SubmissionStatus
) -> None:
    assert submission_after_amendment(total=D(total), paid=D(paid)) is status


@pytest.mark.parametrize(
    ("total", "paid", "status"),
    [
        ("91.40", "0", SubmissionStatus.UNPAID),
        ("91.40", "-0.01", SubmissionStatus.UNPAID),
        ("0", "0", SubmissionStatus.PAID),
        ("0.50", "0", SubmissionStatus.UNPAID),
        ("91.40", "0.01", SubmissionStatus.PARTIAL),
        ("91.40", "91.40", SubmissionStatus.PAID),
    ],
)
def test_a_reversed_submission_is_unpaid_when_nothing_of_it_is_met(
    total: str, paid: str, status: SubmissionStatus
) -> None:
    assert submission_after_reversal(total=D(total), paid=D(paid)) is status


def test_interest_waived_is_no_longer_owed_and_never_owed_below_nothing() -> None:
    def account(waived: str) -> SubmissionAccount:
        return SubmissionAccount(
            total=D("91.40"),
            paid=D("91.40"),
            interest_assessed=D("15.00"),
            interest_paid=D("5.00"),
            interest_waived=D(waived),
        )

    assert account("0").interest_owed == D("10.00")
    assert account("4.00").interest_owed == D("6.00")
    assert account("10.00").interest_owed == D("0")
    assert account("12.00").interest_owed == D("0")
