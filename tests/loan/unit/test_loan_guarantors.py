"""Who may guarantee a loan, each limit at equality and one past it, with each violation's code
and field (part of the API) and its message.

The reference ("Eligibility to be a guarantor"): "1. Malaysian citizenship"; "Amount less than
RM100,000.00: Two (2) guarantors; Net monthly income (after deductions) of not less than
RM1,500.00; Minimum employment period with current employee: 2 years; and Permanent employment";
"Amount exceeding RM100,000.00: Three (3) guarantors; Net monthly income (after deductions) of not
less than RM2,000.00 ..."; "Minimum age to be a guarantor is subject to the loan amount as set out
by the schedule below: ... Minimum age (not exceeding)"; "Guarantor can be either parents,
siblings, family members or close friends that have known the applicant for more than 5 years";
"Any guarantors that are self-employed must furnish a copy of the latest 3 years ... Form B ...
and earn more than RM30,000.00 per year"; "Applicant and guarantors must sign their documents,
witnessed by any of the following".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from services.loan.domain.guarantors import (
    GuarantorFacts,
    GuarantorRequirement,
    Witness,
    check_guarantor,
    requirement_for,
)
from shared.kernel.errors import Violation

# A guarantor who meets every rule for any amount up to RM100,000 (31 is within every age band).
EMPLOYED = GuarantorFacts(
    malaysian=True,
    age=31,
    self_employed=False,
    permanent_employment=True,
    years_with_employer=2,
    net_monthly_income=Decimal("2000.00"),
    form_b_years=0,
    annual_income=Decimal("0.00"),
    relationship="parent",
    known_applicant_years=0,
)
SELF_EMPLOYED = replace(
    EMPLOYED,
    self_employed=True,
    permanent_employment=False,
    years_with_employer=0,
    net_monthly_income=Decimal("0.00"),
    form_b_years=3,
    annual_income=Decimal("30000.01"),
)
WITNESS = Witness.COMMUNITY_LEADER


def violations(
    facts: GuarantorFacts, amount: str = "27000.00", witness: Witness | None = WITNESS
) -> list[Violation]:
    return check_guarantor(facts, loan_amount=Decimal(amount), witness=witness).violations


def test_up_to_100000_two_guarantors_earning_1500_net() -> None:
    """ "Two (2) guarantors; Net monthly income (after deductions) of not less than RM1,500.00;
    Minimum employment period with current employee: 2 years"; at RM100,000 the age limit is 36."""
    assert requirement_for(Decimal("100000.00")) == GuarantorRequirement(
        required=2, min_net_monthly_income=Decimal("1500.00"), min_employment_years=2, max_age=36
    )
    assert requirement_for(Decimal("1000.00")) == GuarantorRequirement(2, Decimal("1500.00"), 2, 54)


def test_above_100000_three_guarantors_earning_2000_net() -> None:
    """ "Amount exceeding RM100,000.00: Three (3) guarantors; Net monthly income ... not less than
    RM2,000.00"; the age limit "100,000 Ke atas" is 31."""
    assert requirement_for(Decimal("100000.01")) == GuarantorRequirement(
        required=3, min_net_monthly_income=Decimal("2000.00"), min_employment_years=2, max_age=31
    )


def test_a_guarantor_meeting_every_rule_passes_with_any_allowed_witness() -> None:
    for witness in Witness:
        assert violations(EMPLOYED, witness=witness) == []
        assert violations(SELF_EMPLOYED, witness=witness) == []


# Each band's last amount and the source's age "not exceeding" for it.
AGE_LIMITS = [
    ("2500.00", 54),
    ("5000.00", 53),
    ("7500.00", 52),
    ("10000.00", 50),
    ("12500.00", 50),
    ("15000.00", 49),
    ("17500.00", 49),
    ("20000.00", 48),
    ("22500.00", 47),
    ("25000.00", 46),
    ("27500.00", 46),
    ("50000.00", 41),
    ("100000.00", 36),
    ("250000.00", 31),
]


@pytest.mark.parametrize(("amount", "limit"), AGE_LIMITS)
def test_the_guarantor_may_be_as_old_as_the_limit_and_not_a_year_older(
    amount: str, limit: int
) -> None:
    """ "Minimum age (not exceeding)": 54, 53, 52, 50, 50, 49, 49, 48, 47, 46, 46, 41, 36, 31."""
    assert violations(replace(EMPLOYED, age=limit), amount) == []
    assert violations(replace(EMPLOYED, age=limit + 1), amount) == [
        Violation(
            message=f"for this amount a guarantor must not be over {limit}",
            field="age",
            code="guarantor-too-old",
        )
    ]


def test_a_guarantor_must_be_malaysian() -> None:
    """ "1. Malaysian citizenship"."""
    assert violations(replace(EMPLOYED, malaysian=False)) == [
        Violation(
            message="a guarantor must be a Malaysian citizen",
            field="malaysian",
            code="guarantor-not-malaysian",
        )
    ]


def test_an_employed_guarantor_must_be_permanent() -> None:
    """ "Permanent employment"."""
    assert violations(replace(EMPLOYED, permanent_employment=False)) == [
        Violation(
            message="a guarantor must be in permanent employment",
            field="permanent_employment",
            code="not-permanent-employment",
        )
    ]


def test_two_years_with_the_current_employer_and_not_less() -> None:
    """ "Minimum employment period with current employee: 2 years"."""
    assert violations(replace(EMPLOYED, years_with_employer=2)) == []
    assert violations(replace(EMPLOYED, years_with_employer=1)) == [
        Violation(
            message="a guarantor must have worked at least 2 years with the current employer",
            field="years_with_employer",
            code="employment-under-2-years",
        )
    ]


@pytest.mark.parametrize(
    ("amount", "floor", "below"),
    [("100000.00", "1500.00", "1499.99"), ("100000.01", "2000.00", "1999.99")],
)
def test_net_monthly_income_at_the_floor_and_a_sen_below(
    amount: str, floor: str, below: str
) -> None:
    """ "Net monthly income (after deductions) of not less than RM1,500.00" up to RM100,000,
    "RM2,000.00" above it."""
    guarantor = replace(EMPLOYED, age=31)
    assert violations(replace(guarantor, net_monthly_income=Decimal(floor)), amount) == []
    assert violations(replace(guarantor, net_monthly_income=Decimal(below)), amount) == [
        Violation(
            message=f"net monthly income must be at least RM{floor}",
            field="net_monthly_income",
            code="guarantor-income-too-low",
        )
    ]


def test_a_self_employed_guarantor_gives_three_years_of_form_b() -> None:
    """ "must furnish a copy of the latest 3 years Inland Revenue Board (LHDN) Form B"."""
    assert violations(replace(SELF_EMPLOYED, form_b_years=3)) == []
    assert violations(replace(SELF_EMPLOYED, form_b_years=2)) == [
        Violation(
            message="a self-employed guarantor gives the latest 3 years of certified Form B",
            field="form_b_years",
            code="form-b-missing",
        )
    ]


def test_a_self_employed_guarantor_earns_more_than_30000_a_year() -> None:
    """ "and earn more than RM30,000.00 per year": RM30,000.00 itself is not enough."""
    assert violations(replace(SELF_EMPLOYED, annual_income=Decimal("30000.01"))) == []
    assert violations(replace(SELF_EMPLOYED, annual_income=Decimal("30000.00"))) == [
        Violation(
            message="a self-employed guarantor must earn more than RM30,000 a year",
            field="annual_income",
            code="self-employed-income-too-low",
        )
    ]


def test_the_employment_rules_do_not_apply_to_the_self_employed() -> None:
    """Form B and yearly income replace permanent employment, the employer and the net salary."""
    assert violations(SELF_EMPLOYED) == []
    employed_codes = [v.code for v in violations(replace(SELF_EMPLOYED, self_employed=False))]
    assert employed_codes == [
        "not-permanent-employment",
        "employment-under-2-years",
        "guarantor-income-too-low",
    ]


@pytest.mark.parametrize(
    ("relationship", "years"),
    [("parent", 0), ("sibling", 0), ("family", 0), ("friend", 6), ("friend", 20)],
)
def test_parents_siblings_family_and_friends_of_more_than_five_years_may_guarantee(
    relationship: str, years: int
) -> None:
    """ "Guarantor can be either parents, siblings, family members or close friends that have
    known the applicant for more than 5 years"."""
    assert (
        violations(replace(EMPLOYED, relationship=relationship, known_applicant_years=years)) == []
    )


@pytest.mark.parametrize(
    ("relationship", "years"),
    [("friend", 5), ("friend", 0), ("colleague", 10), ("employer", 6), ("neighbour", 30)],
)
def test_anyone_else_may_not(relationship: str, years: int) -> None:
    assert violations(
        replace(EMPLOYED, relationship=relationship, known_applicant_years=years)
    ) == [
        Violation(
            message="a guarantor is a parent, sibling, family member, or a close friend of more than 5 years",
            field="relationship",
            code="guarantor-relationship",
        )
    ]


def test_the_signing_must_be_witnessed() -> None:
    """ "Applicant and guarantors must sign their documents, witnessed by any of the following"."""
    assert violations(EMPLOYED, witness=None) == [
        Violation(
            message="the signing must be witnessed by one of the allowed kinds",
            field="witness",
            code="witness-not-allowed",
        )
    ]


def test_an_amount_below_the_schedule_is_refused_alone() -> None:
    """The schedule starts at "1,000": below it there is no age limit to check against, and no
    other rule is reported."""
    assert violations(replace(EMPLOYED, malaysian=False), "999.99", witness=None) == [
        Violation(
            message="the loan amount is below the schedule's RM1,000",
            field="loan_amount",
            code="amount-outside-tables",
        )
    ]
    assert violations(EMPLOYED, "1000.00") == []


def test_every_failure_is_reported_at_once() -> None:
    everything_wrong = replace(
        EMPLOYED,
        malaysian=False,
        age=60,
        permanent_employment=False,
        years_with_employer=0,
        net_monthly_income=Decimal("0.00"),
        relationship="stranger",
    )
    assert [(v.code, v.field) for v in violations(everything_wrong, witness=None)] == [
        ("guarantor-not-malaysian", "malaysian"),
        ("guarantor-too-old", "age"),
        ("not-permanent-employment", "permanent_employment"),
        ("employment-under-2-years", "years_with_employer"),
        ("guarantor-income-too-low", "net_monthly_income"),
        ("guarantor-relationship", "relationship"),
        ("witness-not-allowed", "witness"),
    ]
