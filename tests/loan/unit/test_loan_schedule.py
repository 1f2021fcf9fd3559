"""The repayment schedule, against reducing-balance figures computed apart from the code.

The reference ("Education Benefit Funding Details"): "Borrowers who have accepted the loan offer
commencing 1 May 1997 to 31 December 2008 will be charged a service charge rate of 4% per annum on
the total outstanding amount. However, from 1 January 2013, the rate has been re-revised to 2%" and
"Borrowers who have accepted the loan offer commencing 1 January 2009 onwards will be charged a
service charge rate of 2% per annum on the total outstanding amount."

"First instalment shall be due on the first day of the twelfth month from the month of the final
loan disbursement."

Each expected instalment comes from the annuity formula written out below with exact fractions,
P x r x (1 + r)^n / ((1 + r)^n - 1) with r the yearly rate / 12, rounded up to the sen; each month's
charge is the outstanding balance x the yearly rate / 12, to the nearest sen (half a sen up).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from services.loan.domain.charges import NoServiceChargeRegime, service_charge_rate
from services.loan.domain.schedule import (
    _level_payment,
    add_months,
    first_instalment_due,
    instalment_schedule,
    quote,
)


def annuity_to_the_sen(principal: str, yearly_rate: str, months: int) -> Decimal:
    """The level instalment that repays `principal` in `months`, rounded up to the sen."""
    r = Fraction(yearly_rate) / 12
    growth = (1 + r) ** months
    exact = Fraction(principal) * r * growth / (growth - 1)
    return Decimal(math.ceil(exact * 100)) / 100


def test_the_annuity_written_out_gives_the_figures_used_below() -> None:
    """A check of the helper itself against figures worked by hand (logarithms, four places):
    RM12,000 over 65 months at 2%: (1 + 0.02/12)^65 = 1.11432, 20 x 1.11432 / 0.11432 = 194.95;
    RM5,000 over 36 months at 4%: (1 + 0.04/12)^36 = 1.12727, 16.667 x 1.12727 / 0.12727 = 147.62."""
    assert annuity_to_the_sen("12000", "0.02", 65) == Decimal("194.95")
    assert annuity_to_the_sen("5000", "0.04", 36) == Decimal("147.62")


def test_a_2_percent_loan_instalment_and_first_charges_to_the_sen() -> None:
    """Offer accepted 1 March 2024 ("1 January 2009 onwards ... 2% per annum"), RM12,000 (tenure
    "5 years 5 months" for 10,001 - 12,500: 65 months), final disbursement June 2027."""
    schedule = instalment_schedule(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )
    instalment = annuity_to_the_sen("12000", "0.02", 65)
    assert len(schedule) == 65
    assert [i.number for i in schedule] == list(range(1, 66))
    assert all(i.rate == Decimal("0.02") for i in schedule)
    # Month 1: 12,000.00 x 2% / 12 = 20.00; principal 194.95 - 20.00 = 174.95.
    first = schedule[0]
    assert (first.due_on, first.amount, first.charge, first.principal, first.balance_after) == (
        date(2028, 6, 1),
        instalment,
        Decimal("20.00"),
        instalment - Decimal("20.00"),
        Decimal("11825.05"),
    )
    # Month 2: 11,825.05 x 2% / 12 = 19.7084 -> 19.71; principal 175.24, balance 11,649.81.
    second = schedule[1]
    assert (second.due_on, second.amount, second.charge, second.principal) == (
        date(2028, 7, 1),
        instalment,
        Decimal("19.71"),
        Decimal("175.24"),
    )
    assert second.balance_after == Decimal("11649.81")
    # Month 3: 11,649.81 x 2% / 12 = 19.4164 -> 19.42.
    assert schedule[2].charge == Decimal("19.42")
    # Every instalment but the last is the level one; the last absorbs the rounding.
    assert {i.amount for i in schedule[:-1]} == {instalment}
    last = schedule[-1]
    assert last.due_on == date(2033, 10, 1)
    assert last.amount == last.principal + last.charge
    assert last.balance_after == Decimal("0.00")
    assert last.principal == schedule[-2].balance_after


def test_a_2_percent_quote_totals_exactly_what_the_schedule_asks() -> None:
    """The reducing balance over 65 months, worked apart with exact fractions: 64 x 194.95 and a
    last instalment of 194.94 (0.32 of it charge), 12,671.74 in all."""
    q = quote(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )
    assert q.tenure_months == 65
    assert q.first_instalment_due == date(2028, 6, 1)
    assert q.service_charge_rate == Decimal("0.02")
    assert q.monthly_instalment == Decimal("194.95")
    assert q.total_payable == Decimal("12671.74")
    assert q.total_payable == 64 * Decimal("194.95") + Decimal("194.94")


def test_a_4_percent_loan_repaid_before_2013_stays_at_4_percent() -> None:
    """Offer accepted 3 January 2000 ("1 May 1997 to 31 December 2008 ... 4% per annum"), RM5,000
    ("3 years" for 2,501 - 5,000), final disbursement June 2003: 36 instalments June 2004 - May 2007,
    all before the 2013 revision."""
    schedule = instalment_schedule(
        amount=Decimal("5000.00"),
        offer_accepted_on=date(2000, 1, 3),
        final_disbursement_month=date(2003, 6, 1),
    )
    instalment = annuity_to_the_sen("5000", "0.04", 36)
    assert instalment == Decimal("147.62")
    assert len(schedule) == 36
    assert all(i.rate == Decimal("0.04") for i in schedule)
    # Month 1: 5,000.00 x 4% / 12 = 16.667 -> 16.67; month 2: 4,869.05 x 4% / 12 = 16.230 -> 16.23.
    assert [(i.amount, i.charge, i.principal) for i in schedule[:2]] == [
        (instalment, Decimal("16.67"), Decimal("130.95")),
        (instalment, Decimal("16.23"), Decimal("131.39")),
    ]
    assert schedule[-1].due_on == date(2007, 5, 1)
    q = quote(
        amount=Decimal("5000.00"),
        offer_accepted_on=date(2000, 1, 3),
        final_disbursement_month=date(2003, 6, 1),
    )
    # 35 x 147.62 and a last instalment of 147.63, worked apart: 5,314.33.
    assert (q.service_charge_rate, q.monthly_instalment, q.total_payable) == (
        Decimal("0.04"),
        Decimal("147.62"),
        Decimal("5314.33"),
    )


def test_the_2013_revision_re_amortises_the_balance_at_2_percent() -> None:
    """Offer accepted 1 March 2005 (4%), RM12,000 over 65 months from June 2011: 19 instalments at 4%
    (to December 2012), then "from 1 January 2013, the rate has been re-revised to 2%" and the
    balance left is spread over the 46 months remaining."""
    schedule = instalment_schedule(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2005, 3, 1),
        final_disbursement_month=date(2010, 6, 1),
    )
    at_4 = annuity_to_the_sen("12000", "0.04", 65)
    assert at_4 == Decimal("205.65")  # 205.6434, rounded up
    assert [i.rate for i in schedule] == [Decimal("0.04")] * 19 + [Decimal("0.02")] * 46
    assert {i.amount for i in schedule[:19]} == {at_4}
    # Month 1: 12,000.00 x 4% / 12 = 40.00; month 2: 11,834.35 x 4% / 12 = 39.448 -> 39.45.
    assert [i.charge for i in schedule[:2]] == [Decimal("40.00"), Decimal("39.45")]
    december_2012 = schedule[18]
    assert (december_2012.due_on, december_2012.charge, december_2012.balance_after) == (
        date(2012, 12, 1),
        Decimal("29.77"),
        Decimal("8756.41"),
    )
    at_2 = annuity_to_the_sen("8756.41", "0.02", 46)
    assert at_2 == Decimal("197.91")  # 197.9055, rounded up
    january_2013 = schedule[19]
    # 8,756.41 x 2% / 12 = 14.594 -> 14.59.
    assert (january_2013.due_on, january_2013.amount, january_2013.charge) == (
        date(2013, 1, 1),
        at_2,
        Decimal("14.59"),
    )
    assert {i.amount for i in schedule[19:-1]} == {at_2}
    assert schedule[-1].balance_after == Decimal("0.00")
    assert sum(i.principal for i in schedule) == Decimal("12000.00")


def test_a_quote_whose_first_instalment_falls_just_before_the_revision() -> None:
    """Offer accepted 1 March 2005, final disbursement December 2011: the first instalment
    (1 December 2012) is charged 4%, every later one 2%. The quote gives the first instalment's rate
    and amount; worked apart, 205.65 then 64 months at 195.11 (11,834.35 over 64 months at 2%,
    195.1029 rounded up), 12,692.24 in all."""
    q = quote(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2005, 3, 1),
        final_disbursement_month=date(2011, 12, 1),
    )
    assert q.first_instalment_due == date(2012, 12, 1)
    assert q.service_charge_rate == Decimal("0.04")
    assert q.monthly_instalment == annuity_to_the_sen("12000", "0.04", 65)
    assert annuity_to_the_sen("11834.35", "0.02", 64) == Decimal("195.11")
    assert q.total_payable == Decimal("12692.24")
    schedule = instalment_schedule(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2005, 3, 1),
        final_disbursement_month=date(2011, 12, 1),
    )
    assert [(i.amount, i.charge) for i in schedule[:2]] == [
        (Decimal("205.65"), Decimal("40.00")),
        (Decimal("195.11"), Decimal("19.72")),  # 11,834.35 x 2% / 12 = 19.724
    ]


def test_half_a_sen_of_charge_rounds_up() -> None:
    """RM12,003 at 2%: the first month's charge is 12,003 x 2% / 12 = 20.005 exactly, 20.01."""
    first = instalment_schedule(
        amount=Decimal("12003.00"),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )[0]
    assert first.amount == annuity_to_the_sen("12003", "0.02", 65) == Decimal("195.00")
    assert (first.charge, first.principal) == (Decimal("20.01"), Decimal("174.99"))


def test_with_no_charge_the_level_payment_divides_the_principal_rounded_up() -> None:
    """No regime charges nothing, but the level payment's formula divides by a zero rate; without
    a charge the instalment is the principal over the months, up to the sen (100 / 3 = 33.34)."""
    assert _level_payment(Decimal("100.00"), Decimal("0"), 3) == Decimal("33.34")
    assert _level_payment(Decimal("12000.00"), Decimal("0.02") / 12, 65) == Decimal("194.95")


@pytest.mark.parametrize(
    ("final_month", "first_due"),
    [
        (date(2027, 6, 1), date(2028, 6, 1)),
        (date(2027, 6, 30), date(2028, 6, 1)),  # any day of the month: the month counts
        (date(2027, 12, 15), date(2028, 12, 1)),
        (date(2027, 1, 31), date(2028, 1, 1)),
    ],
)
def test_the_first_instalment_is_due_on_the_first_of_the_twelfth_month(
    final_month: date, first_due: date
) -> None:
    """ "First instalment shall be due on the first day of the twelfth month from the month of the
    final loan disbursement"."""
    assert first_instalment_due(final_month) == first_due


def test_months_are_added_across_year_ends() -> None:
    assert add_months(date(2028, 12, 1), 1) == date(2029, 1, 1)
    assert add_months(date(2028, 11, 1), 1) == date(2028, 12, 1)
    assert add_months(date(2028, 6, 1), 0) == date(2028, 6, 1)
    assert add_months(date(2028, 1, 1), 23) == date(2029, 12, 1)


@pytest.mark.parametrize(
    ("accepted", "on", "rate"),
    [
        (date(1997, 5, 1), date(1997, 5, 1), "0.04"),  # "commencing 1 May 1997"
        (date(2008, 12, 31), date(2012, 12, 31), "0.04"),  # "to 31 December 2008"
        (date(2008, 12, 31), date(2013, 1, 1), "0.02"),  # "from 1 January 2013 ... 2%"
        (date(1997, 5, 1), date(2030, 1, 1), "0.02"),
        (date(2009, 1, 1), date(2009, 1, 1), "0.02"),  # "commencing 1 January 2009 onwards"
        (date(2009, 1, 1), date(2012, 12, 31), "0.02"),  # never 4%, even before 2013
    ],
)
def test_the_charge_regime_on_both_sides_of_each_date(accepted: date, on: date, rate: str) -> None:
    assert service_charge_rate(accepted, on) == Decimal(rate)


def test_an_offer_accepted_before_may_1997_has_no_regime() -> None:
    """The published regimes start "commencing 1 May 1997"."""
    with pytest.raises(NoServiceChargeRegime) as raised:
        service_charge_rate(date(1997, 4, 30), date(2000, 1, 1))
    assert str(raised.value) == "offers accepted before 1 May 1997 have no published service charge"
