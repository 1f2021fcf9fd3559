"""What a prepayment on a day would do to a loan: the same instalment, fewer months, the service
charge saved; at each edge (before the first instalment, on a due date, a day either side of one,
arrears, the whole balance, more than is owed) and never a sen dearer by rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.loan.domain import lifecycle
from services.loan.domain.lifecycle import LoanStatus
from services.loan.domain.prepayment import PrepaymentEffect, position_on, prepayment_effect
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
    ("prepay", "code"), [("0.00", "not-positive"), ("12000.01", "more-than-owed")]
)
def test_nothing_or_more_than_pays_the_loan_off_is_422_naming_prepay(
    prepay: str, code: str
) -> None:
    with pytest.raises(RuleViolated) as refused:
        effect(prepay, date(2025, 9, 1))
    [violation] = refused.value.violations
    assert (violation.field, violation.code) == ("prepay", code)


def test_exactly_what_pays_the_loan_off_is_allowed() -> None:
    assert effect("12000.00", date(2025, 9, 1)).months_left == 0


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
