"""What a prepayment on a day would do to a loan: the same instalment, fewer months, the service
charge saved; at each edge (before the first instalment, on a due date, a day either side of one,
arrears, the whole balance, more than is owed) and never a sen dearer by rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.loan.domain import lifecycle
from services.loan.domain.lifecycle import LoanStatus
from services.loan.domain.prepayment import (
    PrepaymentEffect,
    at_level,
    position_on,
    prepayment_effect,
)
from services.loan.domain.schedule import Instalment, instalment_schedule
from shared.kernel.errors import Conflict, RuleViolated

ACCEPTED = date(2024, 3, 1)  # "1 January 2009 onwards ... 2% per annum"
# RM12,000: "5 years 5 months", 65 instalments of RM194.95 from 1 August 2026.
SCHEDULE = instalment_schedule(
    amount=Decimal("12000.00"),
    offer_accepted_on=ACCEPTED,
    final_disbursement_month=date(2025, 8, 1),
)
TOTAL = sum((i.amount for i in SCHEDULE), Decimal("0.00"))
FIRST_DUE = SCHEDULE[0].due_on


def paid_through(n: int) -> Decimal:
    return sum((i.amount for i in SCHEDULE[:n]), Decimal("0.00"))


def effect(prepay: str, on: date, repaid: Decimal = Decimal("0.00")) -> PrepaymentEffect:
    return prepayment_effect(
        SCHEDULE, repaid=repaid, prepay=Decimal(prepay), on=on, offer_accepted_on=ACCEPTED
    )


def test_the_schedule_these_tests_stand_on() -> None:
    assert (len(SCHEDULE), FIRST_DUE, SCHEDULE[0].amount) == (
        65,
        date(2026, 8, 1),
        Decimal("194.95"),
    )
    assert sum(i.amount for i in SCHEDULE) == Decimal("12671.74")


def test_a_prepayment_before_the_first_instalment_keeps_the_instalment_and_shortens_the_term() -> (
    None
):
    """RM5,000 before repayment starts leaves RM7,000 at RM194.95 a month: 38 months, not 65."""
    found = effect("5000.00", date(2025, 9, 1))
    assert (found.monthly_instalment, found.months_left) == (Decimal("194.95"), 38)
    assert all(i.amount == Decimal("194.95") for i in found.instalments[:-1])
    assert found.instalments[-1].amount <= Decimal("194.95")
    assert found.instalments[0].due_on == FIRST_DUE
    assert sum(i.principal for i in found.instalments) == Decimal("7000.00")
    assert (found.total_payable, found.saved) == (Decimal("12224.25"), Decimal("447.49"))
    assert found.total_payable + found.saved == TOTAL


def test_the_instalment_due_on_the_day_is_owed_first() -> None:
    """On 1 August 2026 the first instalment is due: RM194.95 prepaid that day only meets it."""
    found = effect("194.95", FIRST_DUE)
    assert (found.months_left, found.saved, found.total_payable) == (64, Decimal("0.00"), TOTAL)
    assert found.monthly_instalment == SCHEDULE[1].amount


def test_a_day_before_the_due_date_the_same_money_is_paid_early() -> None:
    found = effect("194.95", date(2026, 7, 31))
    assert found.months_left == 64
    assert found.saved > 0


def test_a_day_after_the_due_date_the_instalment_due_is_met_before_anything_is_early() -> None:
    """On 2 August, unpaid: RM194.95 of RM1,194.95 meets the August instalment, RM1,000 is early."""
    found = effect("1194.95", date(2026, 8, 2))
    assert found.instalments[0].due_on == date(2026, 9, 1)
    assert found.months_left < 64
    assert found.saved > 0


def test_the_last_day_of_a_month_and_the_first_of_the_next_straddle_a_due_date() -> None:
    repaid = paid_through(3)  # August to October 2026 paid
    before = position_on(SCHEDULE, repaid=repaid, on=date(2026, 10, 31))
    after = position_on(SCHEDULE, repaid=repaid, on=date(2026, 11, 1))
    assert (before.instalments_due, after.instalments_due) == (3, 4)
    assert after.settlement == before.settlement + SCHEDULE[3].charge


def test_a_prepayment_that_only_meets_arrears_changes_nothing_ahead() -> None:
    on = date(2026, 10, 15)  # three instalments due, none paid
    arrears = paid_through(3)
    found = effect(str(arrears), on)
    assert (found.months_left, found.saved) == (62, Decimal("0.00"))
    assert found.instalments == tuple(SCHEDULE[3:])


def test_what_was_repaid_counts_before_the_prepayment() -> None:
    on = date(2026, 10, 15)
    found = effect("1000.00", on, repaid=paid_through(3))
    also_arrears = effect(str(paid_through(3) + Decimal("1000.00")), on)
    assert (found.months_left, found.saved) == (also_arrears.months_left, also_arrears.saved)


def test_paying_the_whole_balance_off_leaves_nothing_and_saves_every_charge_ahead() -> None:
    on = date(2027, 3, 10)  # eight instalments due and paid
    repaid = paid_through(8)
    settlement = position_on(SCHEDULE, repaid=repaid, on=on).settlement
    assert settlement == SCHEDULE[7].balance_after
    found = effect(str(settlement), on, repaid=repaid)
    assert (found.monthly_instalment, found.months_left, found.instalments) == (
        Decimal("0.00"),
        0,
        (),
    )
    assert found.saved == sum(i.charge for i in SCHEDULE[8:])


@pytest.mark.parametrize(
    ("prepay", "code", "message"),
    [
        ("0.00", "not-positive", "must be above 0.00"),
        ("12000.01", "more-than-owed", "at most RM12000.00: what pays the loan off on 2025-09-01"),
    ],
)
def test_nothing_or_more_than_pays_the_loan_off_is_422_naming_prepay(
    prepay: str, code: str, message: str
) -> None:
    with pytest.raises(RuleViolated) as refused:
        effect(prepay, date(2025, 9, 1))
    assert str(refused.value) == "The prepayment cannot be made"
    [violation] = refused.value.violations
    assert (violation.field, violation.code, violation.message) == ("prepay", code, message)


def test_exactly_what_pays_the_loan_off_is_allowed() -> None:
    assert effect("12000.00", date(2025, 9, 1)).months_left == 0


def test_a_sen_is_the_least_that_can_be_prepaid() -> None:
    found = effect("0.01", date(2025, 9, 1))
    assert found.instalments[-1].balance_after == Decimal("0.00")
    assert found.total_payable + found.saved == TOTAL


def test_a_charge_of_exactly_half_a_sen_is_rounded_up() -> None:
    """RM597.00 early leaves RM11,403.00, charged 2% / 12 = RM19.005 in August 2026: RM19.01
    (half up), not RM19.00 (half to even); the instalment stays RM194.95."""
    found = effect("597.00", date(2025, 9, 1))
    assert found.instalments[0] == Instalment(
        1,
        FIRST_DUE,
        Decimal("194.95"),
        Decimal("175.94"),
        Decimal("19.01"),
        Decimal("11227.06"),
        Decimal("0.02"),
    )
    assert found.instalments[-1] == Instalment(
        62,
        date(2031, 9, 1),
        Decimal("115.88"),
        Decimal("115.69"),
        Decimal("0.19"),
        Decimal("0.00"),
        Decimal("0.02"),
    )


def test_with_one_instalment_left_a_prepayment_makes_it_smaller() -> None:
    """The last instalment (RM194.94 on 1 December 2031, RM194.62 of principal) is the level:
    RM1.00 early leaves it RM193.94, the charge on RM193.62 still RM0.32."""
    found = effect("1.00", date(2031, 11, 15), repaid=paid_through(64))
    assert (found.monthly_instalment, found.months_left, found.saved) == (
        Decimal("193.94"),
        1,
        Decimal("0.00"),
    )
    assert found.instalments == (
        Instalment(
            65,
            date(2031, 12, 1),
            Decimal("193.94"),
            Decimal("193.62"),
            Decimal("0.32"),
            Decimal("0.00"),
            Decimal("0.02"),
        ),
    )
    assert found.total_payable == TOTAL


def test_a_position_is_money_to_the_sen_even_when_nothing_is_due_or_left() -> None:
    """Before the first instalment nothing is due yet; after the last, nothing is left: both
    "0.00", never a bare 0."""
    before = position_on(SCHEDULE, repaid=Decimal("0.00"), on=date(2025, 9, 1))
    assert (str(before.scheduled_so_far), before.balance) == ("0.00", Decimal("12000.00"))
    after = position_on(SCHEDULE, repaid=TOTAL, on=date(2032, 1, 1))
    assert (after.scheduled_so_far, str(after.balance)) == (TOTAL, "0.00")


def test_at_level_the_last_due_date_takes_whatever_is_left() -> None:
    """RM1,000.00 at RM100.00 a month on three due dates: two level months, the third the rest
    (the term never lengthens)."""
    found = at_level(
        balance=Decimal("1000.00"),
        level=Decimal("100.00"),
        ahead=SCHEDULE[:3],
        offer_accepted_on=ACCEPTED,
    )
    assert [(i.amount, i.principal, i.charge, i.balance_after) for i in found] == [
        (Decimal("100.00"), Decimal("98.33"), Decimal("1.67"), Decimal("901.67")),
        (Decimal("100.00"), Decimal("98.50"), Decimal("1.50"), Decimal("803.17")),
        (Decimal("804.51"), Decimal("803.17"), Decimal("1.34"), Decimal("0.00")),
    ]
    assert [i.due_on for i in found] == [i.due_on for i in SCHEDULE[:3]]


def test_after_the_last_instalment_only_arrears_are_left_to_pay() -> None:
    found = effect("100.00", date(2032, 1, 1), repaid=TOTAL - Decimal("100.00"))
    assert (found.months_left, found.saved, found.total_payable) == (0, Decimal("0.00"), TOTAL)


def test_a_prepayment_never_costs_a_sen_more_by_rounding() -> None:
    """Re-amortising instead came out RM0.01 dearer for a RM0.01 prepayment (prepayment.py)."""
    schedules: list[tuple[date, list[Instalment]]] = [
        (
            accepted,
            instalment_schedule(
                amount=Decimal(amount), offer_accepted_on=accepted, final_disbursement_month=final
            ),
        )
        for amount in ("1000.00", "7777.77", "99999.99")
        for accepted, final in ((ACCEPTED, date(2025, 8, 1)), (date(2005, 3, 1), date(2010, 6, 1)))
    ]
    for accepted, schedule in schedules:
        for k in range(0, len(schedule) - 1, 9):
            for prepay in ("0.01", "0.02", "3.33", "100.00"):
                found = prepayment_effect(
                    schedule,
                    repaid=sum((i.amount for i in schedule[: k + 1]), Decimal("0.00")),
                    prepay=Decimal(prepay),
                    on=schedule[k].due_on,
                    offer_accepted_on=accepted,
                )
                assert found.saved >= 0, (accepted, len(schedule), k, prepay)


@pytest.mark.parametrize(
    "status",
    [
        LoanStatus.OFFERED,
        LoanStatus.ACCEPTED,
        LoanStatus.DISBURSING,
        LoanStatus.COMPLETED,
        LoanStatus.SCHOLARSHIP,
    ],
)
def test_only_a_loan_being_repaid_takes_a_prepayment(status: LoanStatus) -> None:
    with pytest.raises(Conflict):
        lifecycle.ensure_being_repaid(status)
    lifecycle.ensure_being_repaid(LoanStatus.REPAYING)
