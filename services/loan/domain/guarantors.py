"""Who may guarantee a loan ("Eligibility to be a guarantor"), and who may witness the signing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from services.loan.domain.tables import OutsideTheTables, guarantor_max_age, money, policy
from shared.kernel.errors import RuleCheck
from shared.kernel.i18n import msg

HUNDRED_THOUSAND = Decimal("100000.00")


class Witness(StrEnum):
    MEMBER_OF_PARLIAMENT_OR_SENATOR = "member_of_parliament_or_senator"
    GOVERNMENT_OFFICER_GROUP_A_OR_B = "government_officer_group_a_or_b"
    JUDICIARY_OR_LEGAL_SERVICE = "judiciary_or_legal_service"
    PUBLIC_SCHOOL_HEADMASTER = "public_school_headmaster"
    POLICE_SI_OR_MILITARY_CAPTAIN_AND_ABOVE = "police_si_or_military_captain_and_above"
    SOCSO_OFFICER_GRADE_19_AND_ABOVE = "socso_officer_grade_19_and_above"
    COMMUNITY_LEADER = "community_leader"
    SABAH_SARAWAK_NATIVE_LEADER = "sabah_sarawak_native_leader"
    OTHER_APPROVED_BY_SOCSO = "other_approved_by_socso"


class Relationship(StrEnum):
    """How a guarantor knows the applicant."""

    PARENT = "parent"
    SIBLING = "sibling"
    FAMILY = "family"
    FRIEND = "friend"


@dataclass(frozen=True)
class GuarantorRequirement:
    required: int
    min_net_monthly_income: Decimal
    min_employment_years: int
    max_age: int


def requirement_for(amount: Decimal) -> GuarantorRequirement:
    """Two guarantors up to RM100,000 (net RM1,500 a month), three above it (RM2,000)."""
    tier = policy()["guarantors"]["above_100000" if amount > HUNDRED_THOUSAND else "up_to_100000"]
    return GuarantorRequirement(
        required=int(tier["count"]),
        min_net_monthly_income=money("min_net_monthly_income", tier),
        min_employment_years=int(tier["min_employment_years"]),
        max_age=guarantor_max_age(amount),
    )


@dataclass(frozen=True)
class GuarantorFacts:
    malaysian: bool
    age: int
    self_employed: bool
    permanent_employment: bool
    years_with_employer: int
    net_monthly_income: Decimal
    form_b_years: int
    annual_income: Decimal
    relationship: str
    known_applicant_years: int


def check_guarantor(
    facts: GuarantorFacts, *, loan_amount: Decimal, witness: Witness | None
) -> RuleCheck:
    check = RuleCheck()
    try:
        need = requirement_for(loan_amount)
    except OutsideTheTables:
        check.require(
            False,
            "amount-outside-tables",
            msg("the loan amount is below the schedule's RM1,000"),
            field="loan_amount",
        )
        return check
    check.require(
        facts.malaysian,
        "guarantor-not-malaysian",
        msg("a guarantor must be a Malaysian citizen"),
        field="malaysian",
    )
    check.require(
        facts.age <= need.max_age,
        "guarantor-too-old",
        msg("for this amount a guarantor must not be over {max_age}", max_age=need.max_age),
        field="age",
    )
    if facts.self_employed:
        rules = policy()["self_employed_guarantor"]
        check.require(
            facts.form_b_years >= rules["form_b_years"],
            "form-b-missing",
            msg("a self-employed guarantor gives the latest 3 years of certified Form B"),
            field="form_b_years",
        )
        check.require(
            facts.annual_income > money("min_annual_income_exclusive", rules),
            "self-employed-income-too-low",
            msg("a self-employed guarantor must earn more than RM30,000 a year"),
            field="annual_income",
        )
    else:
        check.require(
            facts.permanent_employment,
            "not-permanent-employment",
            msg("a guarantor must be in permanent employment"),
            field="permanent_employment",
        )
        check.require(
            facts.years_with_employer >= need.min_employment_years,
            "employment-under-2-years",
            msg("a guarantor must have worked at least 2 years with the current employer"),
            field="years_with_employer",
        )
        check.require(
            facts.net_monthly_income >= need.min_net_monthly_income,
            "guarantor-income-too-low",
            msg(
                "net monthly income must be at least RM{min_net_monthly_income}",
                min_net_monthly_income=need.min_net_monthly_income,
            ),
            field="net_monthly_income",
        )
    family = facts.relationship in (Relationship.PARENT, Relationship.SIBLING, Relationship.FAMILY)
    check.require(
        family or (facts.relationship == Relationship.FRIEND and facts.known_applicant_years > 5),
        "guarantor-relationship",
        msg(
            "a guarantor is a parent, sibling, family member, or a close friend of more than 5 years"
        ),
        field="relationship",
    )
    check.require(
        witness is not None,
        "witness-not-allowed",
        msg("the signing must be witnessed by one of the allowed kinds"),
        field="witness",
    )
    return check
