"""Who may apply, each rule on both sides of its boundary, with each violation's code and field
(part of the API) and its message.

Quoted from reference/perkeso-benefits-and-contributions.txt, "Applicant Requirements To Qualify"
and "ATTENTION".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from services.loan.domain.eligibility import (
    REQUIRED_DOCUMENTS,
    Accreditation,
    ApplicationFacts,
    DependantBenefit,
    Level,
    PreviousLoan,
    check_eligibility,
)
from shared.kernel.errors import Violation

APPLIED_ON = date(2025, 8, 1)

# A degree at a private institution: every rule applies, and every one is met.
GOOD = ApplicationFacts(
    applicant_age=19,
    sponsor_benefit=DependantBenefit.SURVIVORS_PENSION,
    is_sibling_of_insured=False,
    married=False,
    level=Level.DEGREE,
    in_malaysia=True,
    full_time=True,
    months_left=36,
    declined_by_other_agency=True,
    tuition_total=Decimal("40000.00"),
    private_institution=True,
    institution_years_operating=10,
    institution_approved_by_ministry=True,
    course_approved_by_ministry=True,
    accreditation=Accreditation.MQA_FULL,
    accreditation_valid_until=date(2028, 1, 1),
    meets_entry_requirements=True,
    family_unable_to_pay=True,
    previous_loans=(),
    applied_on=APPLIED_ON,
)
SKM = replace(
    GOOD,
    level=Level.SKM_2,
    private_institution=False,
    course_approved_by_ministry=False,
    accreditation=Accreditation.DSD,
)


def loan(
    level: Level = Level.DIPLOMA,
    *,
    completed: bool = True,
    cancelled: bool = False,
    suspended: bool = False,
    outstanding: str = "0.00",
) -> PreviousLoan:
    return PreviousLoan(level, completed, cancelled, suspended, Decimal(outstanding))


def violations(facts: ApplicationFacts) -> list[Violation]:
    return check_eligibility(facts).violations


OVER_21 = Violation(
    message="21 or over: only a dependant of a Dependant's Benefit or Survivor's Pension recipient "
    "continuing an earlier SOCSO loan at certificate or diploma level without suspension may apply",
    field="applicant_age",
    code="over-21-not-continuing",
)
NOT_ACCREDITED = Violation(
    message="the course needs a full or provisional MQA accreditation still within its validity",
    field="accreditation",
    code="course-not-accredited",
)
NOT_DSD = Violation(
    message="SKM courses must lead to a DSD certificate still within its validity",
    field="accreditation",
    code="course-not-dsd-certified",
)
NOT_REPAID = Violation(
    message="an earlier SOCSO loan not completed or cancelled bars a new one until fully repaid",
    field="previous_loans",
    code="earlier-loan-not-repaid",
)


def test_an_application_meeting_every_rule_passes() -> None:
    assert violations(GOOD) == []
    assert violations(SKM) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # "Not married"
        (
            {"married": True},
            Violation("the applicant must not be married", "married", "married"),
        ),
        # "Sibling of Insured Person" does not meet the criteria
        (
            {"is_sibling_of_insured": True},
            Violation(
                "a sibling of the insured person does not meet the criteria",
                "is_sibling_of_insured",
                "sibling-of-insured-person",
            ),
        ),
        # "Full programme must be within Malaysia"
        (
            {"in_malaysia": False},
            Violation(
                "the full programme must be within Malaysia",
                "in_malaysia",
                "programme-outside-malaysia",
            ),
        ),
        # "Full programme must be based on full time basis"
        (
            {"full_time": False},
            Violation("the full programme must be full time", "full_time", "not-full-time"),
        ),
        # "Time left to completion of programme when applying must not be less than 1 year"
        (
            {"months_left": 11},
            Violation(
                "time left to completion must not be less than 1 year",
                "months_left",
                "less-than-a-year-left",
            ),
        ),
        # "Had applied for education loan from other agencies but it had been declined"
        (
            {"declined_by_other_agency": False},
            Violation(
                "an education loan from another agency must have been applied for and declined",
                "declined_by_other_agency",
                "not-declined-elsewhere",
            ),
        ),
        # "The overall cost of the tuition fee must not exceed RM100,000 not inclusive of
        # sustenance allowance"
        (
            {"tuition_total": Decimal("100000.01")},
            Violation(
                "the overall tuition fee must not exceed RM100,000 (sustenance allowance excluded)",
                "tuition_total",
                "tuition-above-100000",
            ),
        ),
        # "the college or university must have been in operations for at least 2 years"
        (
            {"institution_years_operating": 1},
            Violation(
                "a private institution must have operated for at least 2 years",
                "institution_years_operating",
                "institution-under-2-years",
            ),
        ),
        # "and its establishment must have been approved by the Ministry of Higher Education"
        (
            {"institution_approved_by_ministry": False},
            Violation(
                "the private institution's establishment must be approved by the Ministry",
                "institution_approved_by_ministry",
                "institution-not-approved",
            ),
        ),
        # "courses offered must be approved by the ... Management Department, of the Ministry"
        (
            {"course_approved_by_ministry": False},
            Violation(
                "the course must be approved by the Ministry's management department",
                "course_approved_by_ministry",
                "course-not-approved",
            ),
        ),
        # "Meets full requirements and qualifications for entry, as prescribed by KPTM"
        (
            {"meets_entry_requirements": False},
            Violation(
                "the applicant must meet the programme's entry requirements",
                "meets_entry_requirements",
                "entry-requirements-not-met",
            ),
        ),
        # "Family financial capability is insufficient to bear the necessary cost"
        (
            {"family_unable_to_pay": False},
            Violation(
                "the family's financial capability must be insufficient for the cost",
                "family_unable_to_pay",
                "family-able-to-pay",
            ),
        ),
    ],
)
def test_each_rule_alone_fails_with_its_code_field_and_message(
    change: dict[str, object], expected: Violation
) -> None:
    assert violations(replace(GOOD, **change)) == [expected]  # type: ignore[arg-type]


def test_the_limits_themselves_pass() -> None:
    """ "not less than 1 year" (12 months), "must not exceed RM100,000", "at least 2 years"."""
    assert (
        violations(
            replace(
                GOOD,
                applicant_age=20,
                months_left=12,
                tuition_total=Decimal("100000.00"),
                institution_years_operating=2,
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("level", "code", "message"),
    [
        (
            Level.PRIMARY_OR_SECONDARY,
            "primary-or-secondary-pupil",
            "primary or secondary school students do not meet the criteria",
        ),
        (
            Level.MATRICULATION,
            "excluded-programme",
            "matriculation students do not meet the criteria",
        ),
        (
            Level.PRE_UNIVERSITY,
            "excluded-programme",
            "pre-university students do not meet the criteria",
        ),
        (Level.FOUNDATION, "excluded-programme", "foundation students do not meet the criteria"),
        (Level.MASTERS, "excluded-programme", "master's degree students do not meet the criteria"),
        (Level.PHD, "excluded-programme", "PhD students do not meet the criteria"),
        (Level.CERTIFICATE, "level-not-funded", "a first degree, diploma or SKM level 1 to 3 only"),
    ],
)
def test_levels_the_benefit_does_not_fund(level: Level, code: str, message: str) -> None:
    """ "The following does not meet the criteria to apply: 1. Primary or secondary school students;
    ... 3. Matriculation / Pre University / Foundation / Master Degree / PhD students", and only
    "first Degree or Diploma, or Malaysian Proficiency Certificate (SKM) Level 1 to 3"."""
    facts = replace(GOOD, level=level, private_institution=False)
    assert violations(facts) == [Violation(message, "level", code)]


@pytest.mark.parametrize("level", [Level.SKM_1, Level.SKM_2, Level.SKM_3])
def test_skm_levels_1_to_3_are_funded(level: Level) -> None:
    assert violations(replace(SKM, level=level)) == []


def test_a_diploma_is_funded_like_a_degree() -> None:
    diploma = replace(GOOD, level=Level.DIPLOMA)
    assert violations(diploma) == []
    assert violations(replace(diploma, course_approved_by_ministry=False))[0].code == (
        "course-not-approved"
    )
    assert violations(replace(diploma, accreditation=Accreditation.NONE)) == [NOT_ACCREDITED]


def test_under_21_applies_whatever_the_earlier_loans_or_the_sponsors_benefit() -> None:
    """ "Less than 21 years old when applying"."""
    young = replace(GOOD, applicant_age=20, sponsor_benefit=DependantBenefit.INVALIDITY_PENSION)
    assert violations(young) == []
    assert violations(replace(young, applicant_age=21)) == [OVER_21]


@pytest.mark.parametrize("level", [Level.CERTIFICATE, Level.DIPLOMA, Level.SKM_1, Level.SKM_3])
@pytest.mark.parametrize(
    "benefit", [DependantBenefit.DEPENDANTS_BENEFIT, DependantBenefit.SURVIVORS_PENSION]
)
def test_over_21_continuing_a_certificate_or_diploma_loan(
    level: Level, benefit: DependantBenefit
) -> None:
    """ "If exceeds 21 years, applicant must have received a SOCSO loan before at certificate or
    diploma level continuously (without suspension due to poor academic performance) and a
    dependent of the Dependent's Benefit or Survivor's Pension recipient"."""
    facts = replace(GOOD, applicant_age=21, sponsor_benefit=benefit, previous_loans=(loan(level),))
    assert violations(facts) == []


@pytest.mark.parametrize(
    "benefit",
    [DependantBenefit.INVALIDITY_PENSION, DependantBenefit.SCHEDULED_PERMANENT_DISABLEMENT],
)
def test_over_21_a_dependant_of_other_benefits_may_not_continue(benefit: DependantBenefit) -> None:
    facts = replace(GOOD, applicant_age=23, sponsor_benefit=benefit, previous_loans=(loan(),))
    assert violations(facts) == [OVER_21]


@pytest.mark.parametrize(
    "previous",
    [
        (),
        (loan(suspended=True),),  # "without suspension due to poor academic performance"
        (loan(Level.DEGREE),),  # not "at certificate or diploma level"
        (loan(Level.DEGREE), loan(Level.CERTIFICATE, suspended=True)),
    ],
)
def test_over_21_without_a_continuing_certificate_or_diploma_loan(
    previous: tuple[PreviousLoan, ...],
) -> None:
    assert violations(replace(GOOD, applicant_age=22, previous_loans=previous)) == [OVER_21]


def test_over_21_one_continuing_loan_among_others_is_enough() -> None:
    previous = (loan(Level.DEGREE), loan(Level.DIPLOMA, suspended=True), loan(Level.CERTIFICATE))
    assert violations(replace(GOOD, applicant_age=22, previous_loans=previous)) == []


def test_a_public_institution_needs_no_operating_years_nor_mqa_accreditation() -> None:
    """The two years and the Ministry's approval of the establishment are asked "For applicants
    receiving offers from Private Institute of Higher Education"; the MQA accreditation for a
    "Private Institute of Higher Learning at Diploma or Degree level"."""
    public = replace(
        GOOD,
        private_institution=False,
        institution_years_operating=0,
        institution_approved_by_ministry=False,
        accreditation=Accreditation.NONE,
        accreditation_valid_until=None,
    )
    assert violations(public) == []
    assert [v.code for v in violations(replace(public, course_approved_by_ministry=False))] == [
        "course-not-approved"
    ]


@pytest.mark.parametrize("accreditation", [Accreditation.MQA_FULL, Accreditation.MQA_PROVISIONAL])
def test_a_private_degree_with_full_or_provisional_mqa_accreditation(
    accreditation: Accreditation,
) -> None:
    """ "receive Full or Provisional Accreditation Certificate from the Malaysian Qualifications
    Agency (MQA) and is still within its validity period": valid on the day of applying counts."""
    facts = replace(GOOD, accreditation=accreditation, accreditation_valid_until=APPLIED_ON)
    assert violations(facts) == []
    expired = replace(facts, accreditation_valid_until=APPLIED_ON - timedelta(days=1))
    assert violations(expired) == [NOT_ACCREDITED]
    assert violations(replace(facts, accreditation_valid_until=None)) == [NOT_ACCREDITED]


@pytest.mark.parametrize(
    "accreditation", [Accreditation.DSD, Accreditation.MINISTRY_PUBLIC, Accreditation.NONE]
)
def test_a_private_degree_without_mqa_accreditation(accreditation: Accreditation) -> None:
    assert violations(replace(GOOD, accreditation=accreditation)) == [NOT_ACCREDITED]


def test_skm_needs_a_dsd_certificate_within_its_validity() -> None:
    """ "For applicants applying at Malaysian Skills Certificate level 1 to 3, courses offered must
    result in certification from the Department of Skills Development (DSD) ... and is still
    within its validity period"."""
    assert violations(replace(SKM, accreditation_valid_until=APPLIED_ON)) == []
    assert violations(replace(SKM, accreditation_valid_until=APPLIED_ON - timedelta(days=1))) == [
        NOT_DSD
    ]
    assert violations(replace(SKM, accreditation_valid_until=None)) == [NOT_DSD]
    for other in (Accreditation.MQA_FULL, Accreditation.MQA_PROVISIONAL, Accreditation.NONE):
        assert violations(replace(SKM, accreditation=other)) == [NOT_DSD]


def test_a_private_skm_course_needs_the_institution_rules_but_not_mqa() -> None:
    private_skm = replace(SKM, private_institution=True)
    assert violations(private_skm) == []
    assert [v.code for v in violations(replace(private_skm, institution_years_operating=1))] == [
        "institution-under-2-years"
    ]


@pytest.mark.parametrize(
    "previous",
    [
        loan(completed=False, cancelled=True, outstanding="0.01"),  # cancelled before graduating
        loan(completed=False, cancelled=False, outstanding="0.01"),  # failed to complete
        loan(completed=False, cancelled=False, outstanding="2500.00"),
        loan(completed=True, cancelled=True, outstanding="0.01"),
    ],
)
def test_an_earlier_loan_not_completed_or_cancelled_bars_until_fully_repaid(
    previous: PreviousLoan,
) -> None:
    """ "Applicants who have received SOCSO loans before but failed to complete the education
    programme or cancelled their loan before graduating is disqualified from re-applying unless
    they have fully paid any outstanding amount from their previous loan"."""
    assert violations(replace(GOOD, previous_loans=(previous,))) == [NOT_REPAID]
    repaid = replace(previous, outstanding=Decimal("0.00"))
    assert violations(replace(GOOD, previous_loans=(repaid,))) == []


def test_a_completed_loan_still_being_repaid_does_not_bar() -> None:
    completed = loan(completed=True, cancelled=False, outstanding="8000.00")
    assert violations(replace(GOOD, previous_loans=(completed,))) == []


def test_every_failure_is_reported_at_once_in_the_rules_order() -> None:
    everything_wrong = replace(
        GOOD,
        applicant_age=25,
        married=True,
        level=Level.MASTERS,
        is_sibling_of_insured=True,
        in_malaysia=False,
        full_time=False,
        months_left=6,
        declined_by_other_agency=False,
        tuition_total=Decimal("150000.00"),
        institution_years_operating=1,
        institution_approved_by_ministry=False,
        meets_entry_requirements=False,
        family_unable_to_pay=False,
        previous_loans=(loan(Level.DEGREE, completed=False, outstanding="10.00"),),
    )
    assert [(v.code, v.field) for v in violations(everything_wrong)] == [
        ("over-21-not-continuing", "applicant_age"),
        ("married", "married"),
        ("excluded-programme", "level"),
        ("sibling-of-insured-person", "is_sibling_of_insured"),
        ("programme-outside-malaysia", "in_malaysia"),
        ("not-full-time", "full_time"),
        ("less-than-a-year-left", "months_left"),
        ("not-declined-elsewhere", "declined_by_other_agency"),
        ("tuition-above-100000", "tuition_total"),
        ("institution-under-2-years", "institution_years_operating"),
        ("institution-not-approved", "institution_approved_by_ministry"),
        ("entry-requirements-not-met", "meets_entry_requirements"),
        ("family-able-to-pay", "family_unable_to_pay"),
        ("earlier-loan-not-repaid", "previous_loans"),
    ]


def test_the_eight_documents_of_how_to_apply() -> None:
    """ "1. A copy of the latest passport sized picture ...; 2. ... birth certificate; 3. ...
    identification card; 4. ... academic result ...; 5. ... high school testimony; 6. Original
    Letter of Offer ...; 7. Confirmation letter of registration ...; 8. A letter from the Institute
    of Higher Education ... highlighting the cost and tuition fees"."""
    assert REQUIRED_DOCUMENTS == (
        "passport_photo",
        "birth_certificate",
        "identity_card",
        "academic_results",
        "school_testimonial",
        "offer_letter",
        "registration_confirmation",
        "fee_letter",
    )
