"""Disbursement per semester, the CGPA rule, arrears and standing, and conversion to scholarship.

The reference ("Education Loan Allocation", "Loan Disbursement Methods"): "Loan allocation only
covers the education cost which include fee for the first semester, education, examination and lab
fee for each semester"; "Fees include : 1) Registration fee for the first semester; 2) Education
fee; 3) Examination fee; and 4) Lab fee"; "The entire education cost is not exceeding the maximum
rate of RM100,000.00"; "For subsequent disbursements, students must submit latest examination
results for the semester."
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.loan.domain.eligibility import Level
from services.loan.domain.progress import (
    Standing,
    cgpa_below_threshold,
    check_disbursement,
    qualifies_for_scholarship,
    standing,
)
from shared.kernel.errors import RuleCheck, Violation

RESULTS_MISSING = Violation(
    message="a later semester needs the previous semester's results first",
    field="semester",
    code="previous-results-missing",
)
REGISTRATION_LATER = Violation(
    message="the registration fee is covered for the first semester only",
    field="registration_fee",
    code="registration-first-semester-only",
)
OVER_CAP = Violation(
    message="the entire education cost must not exceed RM100000.00",
    field="education_fee",
    code="over-100000",
)


def disbursement(
    *,
    semester: int,
    results: bool = True,
    so_far: str = "0.00",
    cost: str = "5000.00",
    registration: str = "0.00",
) -> list[Violation]:
    check = RuleCheck()
    check_disbursement(
        check,
        semester=semester,
        previous_result_recorded=results,
        disbursed_so_far=Decimal(so_far),
        education_cost=Decimal(cost),
        first_semester_registration=Decimal(registration),
    )
    return check.violations


def test_the_first_semester_needs_no_earlier_results_and_covers_registration() -> None:
    """ "Registration fee for the first semester"."""
    assert disbursement(semester=1, results=False, registration="350.00") == []
    assert disbursement(semester=1, results=False) == []


def test_a_later_semester_needs_the_previous_results() -> None:
    """ "For subsequent disbursements, students must submit latest examination results"."""
    assert disbursement(semester=2, results=True) == []
    assert disbursement(semester=2, results=False) == [RESULTS_MISSING]
    assert disbursement(semester=3, results=False) == [RESULTS_MISSING]


def test_the_registration_fee_is_for_the_first_semester_only() -> None:
    assert disbursement(semester=2, registration="350.00") == [REGISTRATION_LATER]
    assert disbursement(semester=2, registration="1.00") == [REGISTRATION_LATER]
    assert disbursement(semester=2, results=False, registration="0.01") == [
        RESULTS_MISSING,
        REGISTRATION_LATER,
    ]


def test_the_entire_cost_reaches_100000_and_not_a_sen_more() -> None:
    """ "The entire education cost is not exceeding the maximum rate of RM100,000.00": what was
    disbursed, this semester's education cost and the first semester's registration together."""
    assert disbursement(semester=1, so_far="90000.00", cost="9000.00", registration="1000.00") == []
    assert disbursement(semester=1, so_far="90000.00", cost="9000.01", registration="1000.00") == [
        OVER_CAP
    ]
    assert disbursement(semester=1, so_far="90000.00", cost="9000.00", registration="1000.01") == [
        OVER_CAP
    ]
    assert disbursement(semester=5, so_far="95000.00", cost="5000.00") == []
    assert disbursement(semester=5, so_far="95000.01", cost="5000.00") == [OVER_CAP]


def test_a_cgpa_below_2_00_suspends_the_next_disbursement() -> None:
    """ "Should the student fail to achieve a minimum Cumulative Grade Point Average (CGPA) of 2.00,
    the education loan disbursement for the upcoming semester will be suspended temporarily"."""
    assert cgpa_below_threshold(Decimal("1.99"))
    assert cgpa_below_threshold(Decimal("0.00"))
    assert not cgpa_below_threshold(Decimal("2.00"))
    assert not cgpa_below_threshold(Decimal("2.01"))


MONTHLY = [(date(2028, month, 1), Decimal("100.00")) for month in range(1, 7)]


def test_a_borrower_who_paid_every_instalment_due_is_current() -> None:
    """The instalment due on the day itself counts as due."""
    assert standing(due=MONTHLY, paid=Decimal("600.00"), today=date(2028, 6, 1)) == Standing(
        instalments_due=6,
        amount_due=Decimal("600.00"),
        amount_paid=Decimal("600.00"),
        arrears=Decimal("0.00"),
        months_in_arrears=0,
        borrower="current",
        guarantors="not_called",
    )


def test_instalments_not_yet_due_are_not_arrears() -> None:
    s = standing(due=MONTHLY, paid=Decimal("300.00"), today=date(2028, 3, 31))
    assert (s.instalments_due, s.amount_due, s.arrears, s.borrower) == (
        3,
        Decimal("300.00"),
        Decimal("0.00"),
        "current",
    )


def test_before_the_first_instalment_nothing_is_due() -> None:
    s = standing(due=MONTHLY, paid=Decimal("0.00"), today=date(2027, 12, 31))
    assert s == Standing(
        0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), 0, "current", "not_called"
    )
    assert str(s.amount_due) == "0.00"  # money to the sen, even when nothing is due


def test_paying_ahead_is_no_negative_arrears() -> None:
    s = standing(due=MONTHLY, paid=Decimal("800.00"), today=date(2028, 6, 1))
    assert (s.arrears, s.months_in_arrears, s.borrower) == (Decimal("0.00"), 0, "current")


def test_two_months_behind_is_in_arrears_and_the_guarantors_are_not_called() -> None:
    s = standing(due=MONTHLY, paid=Decimal("450.00"), today=date(2028, 6, 1))
    assert s == Standing(
        instalments_due=6,
        amount_due=Decimal("600.00"),
        amount_paid=Decimal("450.00"),
        arrears=Decimal("150.00"),
        months_in_arrears=2,  # May half paid, June unpaid
        borrower="in_arrears",
        guarantors="not_called",
    )


def test_three_months_behind_is_default_and_the_guarantors_are_notified() -> None:
    """Three instalments uncovered exactly: April, May, June (paid covers January - March)."""
    s = standing(due=MONTHLY, paid=Decimal("300.00"), today=date(2028, 6, 1))
    assert (s.arrears, s.months_in_arrears, s.borrower, s.guarantors) == (
        Decimal("300.00"),
        3,
        "default",
        "notified",
    )
    one_sen_short = standing(due=MONTHLY, paid=Decimal("399.99"), today=date(2028, 6, 1))
    assert (one_sen_short.months_in_arrears, one_sen_short.borrower) == (3, "default")
    covered_april = standing(due=MONTHLY, paid=Decimal("400.00"), today=date(2028, 6, 1))
    assert (covered_april.months_in_arrears, covered_april.borrower) == (2, "in_arrears")


@pytest.mark.parametrize(
    ("level", "cgpa", "in_time", "converts"),
    [
        (Level.DIPLOMA, "3.50", True, True),
        (Level.DIPLOMA, "3.49", True, False),
        (Level.DIPLOMA, "3.50", False, False),
        (Level.DEGREE, "3.67", True, True),
        (Level.DEGREE, "3.66", True, False),
        (Level.DEGREE, "4.00", False, False),
        (Level.SKM_3, "4.00", True, False),
        (Level.CERTIFICATE, "4.00", True, False),
    ],
)
def test_only_diploma_and_degree_loans_convert_on_socsos_conditions(
    level: Level, cgpa: str, in_time: bool, converts: bool
) -> None:
    """ "For education benefits at diploma and degree level education, borrowers may apply to
    convert their loans into scholarships if the final academic results fulfill the conditions set
    by SOCSO" (the conditions are configuration: 3.50 for a diploma, 3.67 for a degree, within the
    programme's period)."""
    assert qualifies_for_scholarship(level, Decimal(cgpa), in_time) is converts
