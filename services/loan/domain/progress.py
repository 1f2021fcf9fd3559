"""Disbursement per semester, CGPA suspension, arrears and standing, and conversion to scholarship."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.loan.domain.eligibility import Level
from services.loan.domain.tables import money, policy, scholarship_conditions
from shared.kernel.errors import RuleCheck
from shared.kernel.i18n import msg


def cgpa_below_threshold(cgpa: Decimal) -> bool:
    """ "Should the student fail to achieve a minimum CGPA of 2.00, the disbursement for the upcoming semester
    will be suspended temporarily until the student has attended a counselling session"."""
    return cgpa < Decimal(policy()["cgpa_threshold"])


def check_disbursement(
    check: RuleCheck,
    *,
    semester: int,
    previous_result_recorded: bool,
    disbursed_so_far: Decimal,
    education_cost: Decimal,
    first_semester_registration: Decimal,
) -> None:
    """Education cost only (registration in the first semester), never above RM100,000 in all, and a later
    semester only after the previous semester's results."""
    if semester > 1:
        check.require(
            previous_result_recorded,
            "previous-results-missing",
            msg("a later semester needs the previous semester's results first"),
            field="semester",
        )
        check.require(
            first_semester_registration == 0,
            "registration-first-semester-only",
            msg("the registration fee is covered for the first semester only"),
            field="registration_fee",
        )
    cap = money("max_education_cost")
    check.require(
        disbursed_so_far + education_cost + first_semester_registration <= cap,
        "over-100000",
        msg("the entire education cost must not exceed RM{cap}", cap=cap),
        field="education_fee",
    )


@dataclass(frozen=True)
class Standing:
    instalments_due: int
    amount_due: Decimal
    amount_paid: Decimal
    arrears: Decimal
    months_in_arrears: int
    borrower: str
    guarantors: str


def standing(*, due: list[tuple[date, Decimal]], paid: Decimal, today: date) -> Standing:
    """Arrears against instalments already due; three months behind puts the guarantors on notice."""
    past = [amount for due_on, amount in due if due_on <= today]
    amount_due = sum(past, Decimal("0.00"))
    arrears = max(amount_due - paid, Decimal("0.00"))
    covered = Decimal("0.00")
    months_behind = 0
    for amount in past:
        covered += amount
        if covered > paid:
            months_behind += 1
    if arrears == 0:
        borrower, guarantors = "current", "not_called"
    elif months_behind < 3:
        borrower, guarantors = "in_arrears", "not_called"
    else:
        borrower, guarantors = "default", "notified"
    return Standing(len(past), amount_due, paid, arrears, months_behind, borrower, guarantors)


def qualifies_for_scholarship(level: Level, final_cgpa: Decimal, completed_in_time: bool) -> bool:
    """Diploma and degree loans convert when the final results meet SOCSO's (configurable) conditions."""
    if level not in (Level.DIPLOMA, Level.DEGREE):
        return False
    conditions = scholarship_conditions()[level.value]
    on_time = completed_in_time or not conditions["completed_within_programme_period"]
    return on_time and final_cgpa >= Decimal(conditions["min_final_cgpa"])
