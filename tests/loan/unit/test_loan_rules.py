"""The education benefit's rules, each quoted from reference/perkeso-benefits-and-contributions.txt."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from services.loan.domain.charges import NoServiceChargeRegime, service_charge_rate
from services.loan.domain.eligibility import (
    Accreditation,
    ApplicationFacts,
    DependantBenefit,
    Level,
    PreviousLoan,
    check_eligibility,
)
from services.loan.domain.guarantors import (
    GuarantorFacts,
    Witness,
    check_guarantor,
    requirement_for,
)
from services.loan.domain.progress import cgpa_below_threshold, qualifies_for_scholarship, standing
from services.loan.domain.schedule import first_instalment_due, instalment_schedule, quote
from services.loan.domain.tables import OutsideTheTables, guarantor_max_age, tenure_months

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
    applied_on=date(2025, 8, 1),
)


def codes(facts: ApplicationFacts) -> list[str]:
    return [v.code or "" for v in check_eligibility(facts).violations]


def test_a_qualifying_application_passes() -> None:
    assert codes(GOOD) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"applicant_age": 21}, "over-21-not-continuing"),  # "Less than 21 years old when applying"
        ({"married": True}, "married"),  # "Not married"
        ({"level": Level.PRIMARY_OR_SECONDARY}, "primary-or-secondary-pupil"),
        ({"level": Level.MATRICULATION}, "excluded-programme"),
        ({"level": Level.FOUNDATION}, "excluded-programme"),
        ({"level": Level.PRE_UNIVERSITY}, "excluded-programme"),
        ({"level": Level.MASTERS}, "excluded-programme"),
        ({"level": Level.PHD}, "excluded-programme"),
        ({"level": Level.CERTIFICATE}, "level-not-funded"),
        ({"is_sibling_of_insured": True}, "sibling-of-insured-person"),
        (
            {"in_malaysia": False},
            "programme-outside-malaysia",
        ),  # "Full programme must be within Malaysia"
        ({"full_time": False}, "not-full-time"),  # "full time basis"
        ({"months_left": 11}, "less-than-a-year-left"),  # "must not be less than 1 year"
        ({"declined_by_other_agency": False}, "not-declined-elsewhere"),
        (
            {"tuition_total": Decimal("100000.01")},
            "tuition-above-100000",
        ),  # "must not exceed RM100,000"
        (
            {"institution_years_operating": 1},
            "institution-under-2-years",
        ),  # "in operations for at least 2 years"
        ({"institution_approved_by_ministry": False}, "institution-not-approved"),
        ({"course_approved_by_ministry": False}, "course-not-approved"),
        (
            {"accreditation": Accreditation.NONE},
            "course-not-accredited",
        ),  # "Full or Provisional Accreditation ... MQA"
        (
            {"accreditation_valid_until": date(2025, 7, 31)},
            "course-not-accredited",
        ),  # "still within its validity period"
        ({"meets_entry_requirements": False}, "entry-requirements-not-met"),
        (
            {"family_unable_to_pay": False},
            "family-able-to-pay",
        ),  # "Family financial capability is insufficient"
        (
            {
                "previous_loans": (
                    PreviousLoan(
                        Level.DIPLOMA,
                        completed=False,
                        cancelled=True,
                        suspended_for_poor_results=False,
                        outstanding=Decimal("10.00"),
                    ),
                )
            },
            "earlier-loan-not-repaid",
        ),
    ],
)
def test_each_rule_alone_fails_with_its_own_code(change: dict[str, object], code: str) -> None:
    assert codes(replace(GOOD, **change)) == [code]  # type: ignore[arg-type]


def test_the_boundaries_pass() -> None:
    assert (
        codes(
            replace(
                GOOD,
                months_left=12,
                tuition_total=Decimal("100000.00"),
                institution_years_operating=2,
                applicant_age=20,
            )
        )
        == []
    )


def test_over_21_continuing_a_diploma_loan_without_suspension_as_a_survivors_dependant() -> None:
    """ "If exceeds 21 years, applicant must have received a SOCSO loan before at certificate or diploma level continuously
    (without suspension due to poor academic performance) and a dependent of the Dependent's Benefit or Survivor's Pension recipient"."""
    continuing = (
        PreviousLoan(
            Level.DIPLOMA,
            completed=True,
            cancelled=False,
            suspended_for_poor_results=False,
            outstanding=Decimal("0.00"),
        ),
    )
    assert codes(replace(GOOD, applicant_age=23, previous_loans=continuing)) == []
    suspended = (PreviousLoan(Level.DIPLOMA, True, False, True, Decimal("0.00")),)
    assert codes(replace(GOOD, applicant_age=23, previous_loans=suspended)) == [
        "over-21-not-continuing"
    ]
    assert codes(
        replace(
            GOOD,
            applicant_age=23,
            previous_loans=continuing,
            sponsor_benefit=DependantBenefit.INVALIDITY_PENSION,
        )
    ) == ["over-21-not-continuing"]


def test_a_cancelled_loan_fully_repaid_does_not_bar() -> None:
    repaid = (
        PreviousLoan(
            Level.DIPLOMA,
            completed=False,
            cancelled=True,
            suspended_for_poor_results=False,
            outstanding=Decimal("0.00"),
        ),
    )
    assert codes(replace(GOOD, previous_loans=repaid)) == []


def test_skm_needs_a_valid_dsd_certificate() -> None:
    skm = replace(
        GOOD, level=Level.SKM_2, private_institution=False, accreditation=Accreditation.DSD
    )
    assert codes(skm) == []
    assert codes(replace(skm, accreditation=Accreditation.MQA_FULL)) == ["course-not-dsd-certified"]


def test_all_failures_are_reported_at_once() -> None:
    assert len(codes(replace(GOOD, married=True, full_time=False, in_malaysia=False))) == 3


TENURE = [
    ("1000.00", 24),
    ("2500.00", 24),
    ("2500.01", 36),
    ("5000.00", 36),
    ("5000.01", 48),
    ("7500.00", 48),
    ("7500.01", 63),
    ("10000.00", 63),
    ("10000.01", 65),
    ("12500.00", 65),
    ("12500.01", 78),
    ("15000.00", 78),
    ("15000.01", 84),
    ("17500.00", 84),
    ("17500.01", 96),
    ("20000.00", 96),
    ("20000.01", 101),
    ("22500.00", 101),
    ("22500.01", 112),
    ("25000.00", 112),
    ("25000.01", 120),
    ("27500.00", 120),
    ("27500.01", 180),
    ("50000.00", 180),
    ("50000.01", 240),
    ("100000.00", 240),
    ("100000.01", 300),
]


@pytest.mark.parametrize(("amount", "months"), TENURE)
def test_tenure_bands_at_both_edges(amount: str, months: int) -> None:
    """ "5 years 3 months" for 7,501-10,000 ... "25 years" for more than 100,000."""
    assert tenure_months(Decimal(amount)) == months


def test_below_the_table_is_outside_it() -> None:
    with pytest.raises(OutsideTheTables):
        tenure_months(Decimal("999.99"))


# The source's schedule ("Minimum age (not exceeding)"), both edges of each of its fourteen bands.
SOURCE_AGE_BANDS = [
    ("1000.00", "2500.00", 54),
    ("2500.01", "5000.00", 53),
    ("5000.01", "7500.00", 52),
    ("7500.01", "10000.00", 50),
    ("10000.01", "12500.00", 50),
    ("12500.01", "15000.00", 49),
    ("15000.01", "17500.00", 49),
    ("17500.01", "20000.00", 48),
    ("20000.01", "22500.00", 47),
    ("22500.01", "25000.00", 46),
    ("25000.01", "27500.00", 46),
    ("27500.01", "50000.00", 41),
    ("50000.01", "100000.00", 36),
    ("100000.01", "250000.00", 31),
]
AGES = [(edge, age) for low, high, age in SOURCE_AGE_BANDS for edge in (low, high)]


def test_the_age_table_has_the_sources_fourteen_bands_and_ages() -> None:
    """Issue 16: the table said the source had fifteen ages and let a 48-year-old guarantee
    RM21,000 (the limit there is 47) and a 47-year-old RM24,000 (46)."""
    assert [age for _, _, age in SOURCE_AGE_BANDS] == [
        54,
        53,
        52,
        50,
        50,
        49,
        49,
        48,
        47,
        46,
        46,
        41,
        36,
        31,
    ]
    assert guarantor_max_age(Decimal("21000.00")) == 47
    assert guarantor_max_age(Decimal("24000.00")) == 46


@pytest.mark.parametrize(("amount", "age"), AGES)
def test_guarantor_age_bands_at_both_edges(amount: str, age: int) -> None:
    assert guarantor_max_age(Decimal(amount)) == age


def test_two_guarantors_up_to_100000_three_above() -> None:
    """ "Two (2) guarantors; Net monthly income ... not less than RM1,500" / "Three (3) guarantors ... RM2,000"."""
    assert (
        requirement_for(Decimal("100000.00")).required,
        requirement_for(Decimal("100000.00")).min_net_monthly_income,
    ) == (2, Decimal("1500.00"))
    assert (
        requirement_for(Decimal("100000.01")).required,
        requirement_for(Decimal("100000.01")).min_net_monthly_income,
    ) == (3, Decimal("2000.00"))


GUARANTOR = GuarantorFacts(
    malaysian=True,
    age=45,
    self_employed=False,
    permanent_employment=True,
    years_with_employer=2,
    net_monthly_income=Decimal("1500.00"),
    form_b_years=0,
    annual_income=Decimal("0.00"),
    relationship="parent",
    known_applicant_years=0,
)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"malaysian": False}, "guarantor-not-malaysian"),
        ({"age": 47}, "guarantor-too-old"),  # RM27,000: "not exceeding" 46
        ({"permanent_employment": False}, "not-permanent-employment"),
        ({"years_with_employer": 1}, "employment-under-2-years"),
        ({"net_monthly_income": Decimal("1499.99")}, "guarantor-income-too-low"),
        (
            {"self_employed": True, "form_b_years": 2, "annual_income": Decimal("40000.00")},
            "form-b-missing",
        ),
        (
            {"self_employed": True, "form_b_years": 3, "annual_income": Decimal("30000.00")},
            "self-employed-income-too-low",
        ),
        ({"relationship": "friend", "known_applicant_years": 5}, "guarantor-relationship"),
    ],
)
def test_guarantor_rules(change: dict[str, object], code: str) -> None:
    amount = Decimal("27000.00")
    assert [
        v.code
        for v in check_guarantor(
            GUARANTOR, loan_amount=amount, witness=Witness.PUBLIC_SCHOOL_HEADMASTER
        ).violations
    ] == []
    failing = replace(GUARANTOR, **change)  # type: ignore[arg-type]
    assert [
        v.code
        for v in check_guarantor(
            failing, loan_amount=amount, witness=Witness.PUBLIC_SCHOOL_HEADMASTER
        ).violations
    ] == [code]


def test_the_witness_must_be_of_an_allowed_kind() -> None:
    assert [
        v.code
        for v in check_guarantor(GUARANTOR, loan_amount=Decimal("5000.00"), witness=None).violations
    ] == ["witness-not-allowed"]


@pytest.mark.parametrize(
    ("accepted", "on", "rate"),
    [
        (date(1997, 5, 1), date(2010, 1, 1), "0.04"),
        (date(2008, 12, 31), date(2012, 12, 31), "0.04"),
        (
            date(2008, 12, 31),
            date(2013, 1, 1),
            "0.02",
        ),  # "from 1 January 2013, the rate has been re-revised to 2%"
        (date(2009, 1, 1), date(2010, 1, 1), "0.02"),  # "commencing 1 January 2009 onwards ... 2%"
        (date(2024, 3, 1), date(2028, 6, 1), "0.02"),
    ],
)
def test_service_charge_regimes(accepted: date, on: date, rate: str) -> None:
    assert service_charge_rate(accepted, on) == Decimal(rate)


def test_offers_before_may_1997_have_no_regime() -> None:
    with pytest.raises(NoServiceChargeRegime):
        service_charge_rate(date(1997, 4, 30), date(2000, 1, 1))


def test_first_instalment_is_due_on_the_first_day_of_the_twelfth_month_after_the_final_disbursement() -> (
    None
):
    assert first_instalment_due(date(2027, 6, 1)) == date(2028, 6, 1)
    assert first_instalment_due(date(2027, 12, 1)) == date(2028, 12, 1)


@pytest.mark.parametrize("amount", ["1000.00", "12000.00", "33333.33", "100000.00", "150000.00"])
def test_the_schedule_sums_exactly_to_the_total_payable(amount: str) -> None:
    schedule = instalment_schedule(
        amount=Decimal(amount),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )
    q = quote(
        amount=Decimal(amount),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )
    assert sum(i.amount for i in schedule) == q.total_payable
    assert sum(i.principal for i in schedule) == Decimal(amount)
    assert schedule[-1].balance_after == Decimal("0.00")
    assert all(i.amount >= 0 for i in schedule)


def test_the_2013_revision_lowers_the_charge_mid_schedule() -> None:
    schedule = instalment_schedule(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2005, 3, 1),
        final_disbursement_month=date(2010, 6, 1),
    )
    rates = {i.due_on.year: i.rate for i in schedule}
    assert (rates[2012], rates[2013]) == (Decimal("0.04"), Decimal("0.02"))
    assert sum(i.principal for i in schedule) == Decimal("12000.00")


def test_a_quote_for_the_contract_example() -> None:
    q = quote(
        amount=Decimal("12000.00"),
        offer_accepted_on=date(2024, 3, 1),
        final_disbursement_month=date(2027, 6, 1),
    )
    assert (q.tenure_months, q.first_instalment_due, q.service_charge_rate) == (
        65,
        date(2028, 6, 1),
        Decimal("0.02"),
    )
    assert q.total_payable > Decimal("12000.00")


def test_cgpa_below_two_suspends() -> None:
    assert cgpa_below_threshold(Decimal("1.99"))
    assert not cgpa_below_threshold(Decimal("2.00"))


def test_standing_when_instalments_are_missed() -> None:
    due = [(date(2028, m, 1), Decimal("100.00")) for m in range(1, 7)]
    assert standing(due=due, paid=Decimal("600.00"), today=date(2028, 6, 2)).borrower == "current"
    behind = standing(due=due, paid=Decimal("350.00"), today=date(2028, 6, 2))
    assert (behind.arrears, behind.months_in_arrears, behind.borrower, behind.guarantors) == (
        Decimal("250.00"),
        3,
        "default",
        "notified",
    )


def test_scholarship_conversion_for_diploma_and_degree_only() -> None:
    assert qualifies_for_scholarship(Level.DEGREE, Decimal("3.67"), True)
    assert not qualifies_for_scholarship(Level.DEGREE, Decimal("3.66"), True)
    assert not qualifies_for_scholarship(Level.SKM_3, Decimal("4.00"), True)
