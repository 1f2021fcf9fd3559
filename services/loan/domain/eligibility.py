"""Who may apply: every rule of "Applicant Requirements To Qualify" and "ATTENTION", each with its code.

All failures are reported at once, so an applicant fixes everything in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.loan.domain.tables import money, policy
from shared.kernel.errors import RuleCheck
from shared.kernel.i18n import msg


class SponsorCondition(StrEnum):
    """Why the insured person's dependants may apply."""

    DIED_FROM_EMPLOYMENT_INJURY = "died_from_employment_injury"
    PERMANENT_DISABLEMENT_PERIODICAL_PAYMENTS = "permanent_disablement_periodical_payments"
    DIED_WHILE_ON_INVALIDITY_PENSION = "died_while_on_invalidity_pension"
    DIED_BEFORE_60_QUALIFYING_PERIOD = "died_before_60_qualifying_period"
    INVALIDITY_PENSION_RECIPIENT = "invalidity_pension_recipient"


class DependantBenefit(StrEnum):
    DEPENDANTS_BENEFIT = "dependants_benefit"
    SURVIVORS_PENSION = "survivors_pension"
    INVALIDITY_PENSION = "invalidity_pension"
    SCHEDULED_PERMANENT_DISABLEMENT = "scheduled_permanent_disablement"


class Level(StrEnum):
    DEGREE = "degree"
    DIPLOMA = "diploma"
    SKM_1 = "skm_1"
    SKM_2 = "skm_2"
    SKM_3 = "skm_3"
    CERTIFICATE = "certificate"
    PRIMARY_OR_SECONDARY = "primary_or_secondary"
    MATRICULATION = "matriculation"
    PRE_UNIVERSITY = "pre_university"
    FOUNDATION = "foundation"
    MASTERS = "masters"
    PHD = "phd"


FUNDED_LEVELS = frozenset({Level.DEGREE, Level.DIPLOMA, Level.SKM_1, Level.SKM_2, Level.SKM_3})
SKM_LEVELS = frozenset({Level.SKM_1, Level.SKM_2, Level.SKM_3})
NOT_ELIGIBLE_LEVELS = {
    Level.PRIMARY_OR_SECONDARY: (
        "primary-or-secondary-pupil",
        "primary or secondary school students do not meet the criteria",
    ),
    Level.MATRICULATION: ("excluded-programme", "matriculation students do not meet the criteria"),
    Level.PRE_UNIVERSITY: (
        "excluded-programme",
        "pre-university students do not meet the criteria",
    ),
    Level.FOUNDATION: ("excluded-programme", "foundation students do not meet the criteria"),
    Level.MASTERS: ("excluded-programme", "master's degree students do not meet the criteria"),
    Level.PHD: ("excluded-programme", "PhD students do not meet the criteria"),
}


class Accreditation(StrEnum):
    MQA_FULL = "mqa_full"
    MQA_PROVISIONAL = "mqa_provisional"
    DSD = "dsd"
    MINISTRY_PUBLIC = "ministry_public"
    NONE = "none"


@dataclass(frozen=True)
class PreviousLoan:
    level: Level
    completed: bool
    cancelled: bool
    suspended_for_poor_results: bool
    outstanding: Decimal


@dataclass(frozen=True)
class ApplicationFacts:
    applicant_age: int
    sponsor_benefit: DependantBenefit
    is_sibling_of_insured: bool
    married: bool
    level: Level
    in_malaysia: bool
    full_time: bool
    months_left: int
    declined_by_other_agency: bool
    tuition_total: Decimal
    private_institution: bool
    institution_years_operating: int
    institution_approved_by_ministry: bool
    course_approved_by_ministry: bool
    accreditation: Accreditation
    accreditation_valid_until: date | None
    meets_entry_requirements: bool
    family_unable_to_pay: bool
    previous_loans: tuple[PreviousLoan, ...]
    applied_on: date


def check_eligibility(facts: ApplicationFacts) -> RuleCheck:
    """Every rule, each failure with its own code."""
    check = RuleCheck()
    rules = policy()
    continuing = any(
        p.level in (Level.CERTIFICATE, Level.DIPLOMA, *SKM_LEVELS)
        and not p.suspended_for_poor_results
        for p in facts.previous_loans
    )
    if facts.applicant_age >= rules["max_age_without_previous_loan"]:
        check.require(
            continuing
            and facts.sponsor_benefit
            in (DependantBenefit.DEPENDANTS_BENEFIT, DependantBenefit.SURVIVORS_PENSION),
            "over-21-not-continuing",
            msg(
                "21 or over: only a dependant of a Dependant's Benefit or Survivor's Pension recipient continuing an earlier SOCSO loan at certificate or diploma level without suspension may apply"
            ),
            field="applicant_age",
        )
    check.require(
        not facts.married, "married", msg("the applicant must not be married"), field="married"
    )
    if facts.level in NOT_ELIGIBLE_LEVELS:
        code, message = NOT_ELIGIBLE_LEVELS[facts.level]
        check.require(False, code, message, field="level")
    else:
        check.require(
            facts.level in FUNDED_LEVELS,
            "level-not-funded",
            msg("a first degree, diploma or SKM level 1 to 3 only"),
            field="level",
        )
    check.require(
        not facts.is_sibling_of_insured,
        "sibling-of-insured-person",
        msg("a sibling of the insured person does not meet the criteria"),
        field="is_sibling_of_insured",
    )
    check.require(
        facts.in_malaysia,
        "programme-outside-malaysia",
        msg("the full programme must be within Malaysia"),
        field="in_malaysia",
    )
    check.require(
        facts.full_time,
        "not-full-time",
        msg("the full programme must be full time"),
        field="full_time",
    )
    check.require(
        facts.months_left >= rules["min_programme_months_left"],
        "less-than-a-year-left",
        msg("time left to completion must not be less than 1 year"),
        field="months_left",
    )
    check.require(
        facts.declined_by_other_agency,
        "not-declined-elsewhere",
        msg("an education loan from another agency must have been applied for and declined"),
        field="declined_by_other_agency",
    )
    check.require(
        facts.tuition_total <= money("max_education_cost"),
        "tuition-above-100000",
        msg("the overall tuition fee must not exceed RM100,000 (sustenance allowance excluded)"),
        field="tuition_total",
    )
    if facts.private_institution:
        check.require(
            facts.institution_years_operating >= rules["private_institution_min_years"],
            "institution-under-2-years",
            msg("a private institution must have operated for at least 2 years"),
            field="institution_years_operating",
        )
        check.require(
            facts.institution_approved_by_ministry,
            "institution-not-approved",
            msg("the private institution's establishment must be approved by the Ministry"),
            field="institution_approved_by_ministry",
        )
    if facts.level in (Level.DEGREE, Level.DIPLOMA):
        check.require(
            facts.course_approved_by_ministry,
            "course-not-approved",
            msg("the course must be approved by the Ministry's management department"),
            field="course_approved_by_ministry",
        )
        if facts.private_institution:
            valid = (
                facts.accreditation_valid_until is not None
                and facts.accreditation_valid_until >= facts.applied_on
            )
            check.require(
                facts.accreditation in (Accreditation.MQA_FULL, Accreditation.MQA_PROVISIONAL)
                and valid,
                "course-not-accredited",
                msg(
                    "the course needs a full or provisional MQA accreditation still within its validity"
                ),
                field="accreditation",
            )
    if facts.level in SKM_LEVELS:
        valid = (
            facts.accreditation_valid_until is not None
            and facts.accreditation_valid_until >= facts.applied_on
        )
        check.require(
            facts.accreditation is Accreditation.DSD and valid,
            "course-not-dsd-certified",
            msg("SKM courses must lead to a DSD certificate still within its validity"),
            field="accreditation",
        )
    check.require(
        facts.meets_entry_requirements,
        "entry-requirements-not-met",
        msg("the applicant must meet the programme's entry requirements"),
        field="meets_entry_requirements",
    )
    check.require(
        facts.family_unable_to_pay,
        "family-able-to-pay",
        msg("the family's financial capability must be insufficient for the cost"),
        field="family_unable_to_pay",
    )
    check.require(
        all(p.outstanding <= 0 for p in facts.previous_loans if not p.completed or p.cancelled),
        "earlier-loan-not-repaid",
        msg("an earlier SOCSO loan not completed or cancelled bars a new one until fully repaid"),
        field="previous_loans",
    )
    return check


REQUIRED_DOCUMENTS = (
    "passport_photo",
    "birth_certificate",
    "identity_card",
    "academic_results",
    "school_testimonial",
    "offer_letter",
    "registration_confirmation",
    "fee_letter",
)
