"""Who pays what, with the reasons an officer reads, at each age edge (issue: first category under
60; second for 60 and over, first contribution at 55 or later, foreign workers; EIS for employees
18 to 59, not foreign or domestic workers). "The contribution rates for Foreign Workers are refer to
the Third Schedule (Act 4)" (reference/perkeso-benefits-and-contributions.txt). SKBBK is "an added
Act 4 contribution paid by the employee ... from contributions for June 2026 ... Malaysians and
permanent residents may opt out; foreign workers may not" (reference/tables/README.md).
"""

from __future__ import annotations

import pytest

from services.contribution.domain.calculator import Category
from services.contribution.domain.coverage import (
    EmployeeFacts,
    EmploymentType,
    Nationality,
    NoBirthDate,
    SkbbkOptOutRefused,
    derive_coverage,
)
from services.contribution.domain.months import ContributionMonth

JULY_2025 = ContributionMonth(2025, 7)
MAY_2026 = ContributionMonth(2026, 5)
JUNE_2026 = ContributionMonth(2026, 6)
IC_35 = "900101145678"  # born 1 January 1990: 35 on 1 July 2025, 36 on 1 June 2026
FIRST = "under 60: first category (Employment Injury + Invalidity)"
EIS_18_TO_59 = "EIS: employee aged 18 to 59"
SKBBK = "SKBBK (Lindung 24 Jam) employee contribution from June 2026"


def facts(
    person_id: str = IC_35,
    nationality: Nationality = Nationality.MALAYSIAN,
    employment: EmploymentType = EmploymentType.REGULAR,
    before_55: bool = True,
    opt_out: bool = False,
) -> EmployeeFacts:
    return EmployeeFacts(
        person_id=person_id,
        nationality=nationality,
        employment_type=employment,
        contributed_before_55=before_55,
        skbbk_opt_out=opt_out,
    )


def test_an_employee_under_60_is_first_category_with_eis() -> None:
    coverage = derive_coverage(facts(), JULY_2025)
    assert (coverage.category, coverage.eis, coverage.skbbk, coverage.age) == (
        Category.FIRST,
        True,
        False,
        35,
    )
    assert coverage.reasons == ("age 35 on 2025-07-01", FIRST, EIS_18_TO_59)


def test_at_59_on_the_first_day_an_employee_is_still_first_category_with_eis() -> None:
    coverage = derive_coverage(facts("650702145678"), JULY_2025)  # 60 on 2 July 2025
    assert (coverage.category, coverage.eis, coverage.age) == (Category.FIRST, True, 59)
    assert coverage.reasons == ("age 59 on 2025-07-01", FIRST, EIS_18_TO_59)


def test_at_60_an_employee_is_second_category_without_eis() -> None:
    coverage = derive_coverage(facts("650701145678"), JULY_2025)  # 60 on 1 July 2025
    assert (coverage.category, coverage.eis, coverage.age) == (Category.SECOND, False, 60)
    assert coverage.reasons == (
        "age 60 on 2025-07-01",
        "60 or over: second category (Employment Injury only)",
        "EIS covers employees under 60",
    )


def test_at_17_an_employee_is_first_category_without_eis_yet() -> None:
    coverage = derive_coverage(facts("070702145678"), JULY_2025)  # 18 on 2 July 2025
    assert (coverage.category, coverage.eis, coverage.age) == (Category.FIRST, False, 17)
    assert coverage.reasons == ("age 17 on 2025-07-01", FIRST, "EIS covers employees from 18")


def test_at_18_eis_begins() -> None:
    coverage = derive_coverage(facts("070701145678"), JULY_2025)
    assert (coverage.eis, coverage.age) == (True, 18)
    assert coverage.reasons[-1] == EIS_18_TO_59


def test_a_first_contribution_at_55_or_later_is_second_category_but_keeps_eis() -> None:
    coverage = derive_coverage(facts("700101145678", before_55=False), JULY_2025)
    assert (coverage.category, coverage.eis, coverage.age) == (Category.SECOND, True, 55)
    assert coverage.reasons == (
        "age 55 on 2025-07-01",
        "first contributed at 55 or later: second category",
        EIS_18_TO_59,
    )


def test_a_foreign_worker_with_a_mykad_age_is_second_category_without_eis() -> None:
    coverage = derive_coverage(facts(nationality=Nationality.FOREIGN), JULY_2025)
    assert (coverage.category, coverage.eis, coverage.age) == (Category.SECOND, False, 35)
    assert coverage.reasons == (
        "age 35 on 2025-07-01",
        "foreign worker: second category (Employment Injury only)",
        "EIS does not cover foreign workers",
    )


def test_a_foreign_worker_named_by_socso_number_is_priced_without_an_age() -> None:
    coverage = derive_coverage(facts("F90012345678", Nationality.FOREIGN), JULY_2025)
    assert (coverage.category, coverage.eis, coverage.age) == (Category.SECOND, False, None)
    assert coverage.reasons == (
        "named by SOCSO number: foreign worker, no birth date on record",
        "foreign worker: second category (Employment Injury only)",
        "EIS does not cover foreign workers",
    )


@pytest.mark.parametrize("nationality", [Nationality.MALAYSIAN, Nationality.PERMANENT_RESIDENT])
def test_a_socso_number_for_a_malaysian_or_resident_is_refused(nationality: Nationality) -> None:
    with pytest.raises(NoBirthDate) as refused:
        derive_coverage(facts("F90012345678", nationality), JULY_2025)
    assert str(refused.value) == "a person named by a SOCSO number is a foreign worker"


def test_a_domestic_worker_has_no_eis_and_keeps_the_first_category() -> None:
    coverage = derive_coverage(facts(employment=EmploymentType.DOMESTIC), JULY_2025)
    assert (coverage.category, coverage.eis) == (Category.FIRST, False)
    assert coverage.reasons == (
        "age 35 on 2025-07-01",
        FIRST,
        "EIS does not cover domestic workers",
    )


def test_a_permanent_resident_is_covered_as_a_malaysian_is() -> None:
    coverage = derive_coverage(facts(nationality=Nationality.PERMANENT_RESIDENT), JULY_2025)
    assert (coverage.category, coverage.eis) == (Category.FIRST, True)


def test_skbbk_is_not_due_before_june_2026_and_says_nothing() -> None:
    coverage = derive_coverage(facts(), MAY_2026)
    assert coverage.skbbk is False
    assert coverage.reasons == ("age 36 on 2026-05-01", FIRST, EIS_18_TO_59)
    opted_out = derive_coverage(facts(opt_out=True), MAY_2026)
    assert opted_out.skbbk is False
    assert opted_out.reasons == ("age 36 on 2026-05-01", FIRST, EIS_18_TO_59)


def test_skbbk_is_due_from_june_2026() -> None:
    coverage = derive_coverage(facts(), JUNE_2026)
    assert coverage.skbbk is True
    assert coverage.reasons == ("age 36 on 2026-06-01", FIRST, EIS_18_TO_59, SKBBK)


@pytest.mark.parametrize("nationality", [Nationality.MALAYSIAN, Nationality.PERMANENT_RESIDENT])
def test_a_malaysian_or_permanent_resident_may_opt_out_of_skbbk(nationality: Nationality) -> None:
    coverage = derive_coverage(facts(nationality=nationality, opt_out=True), JUNE_2026)
    assert coverage.skbbk is False
    assert coverage.reasons[-1] == "opted out of SKBBK (Malaysian or permanent resident)"


def test_a_foreign_worker_pays_skbbk_and_may_not_opt_out() -> None:
    foreign = derive_coverage(facts("F90012345678", Nationality.FOREIGN), JUNE_2026)
    assert (foreign.skbbk, foreign.reasons[-1]) == (True, SKBBK)
    with pytest.raises(SkbbkOptOutRefused) as refused:
        derive_coverage(facts("F90012345678", Nationality.FOREIGN, opt_out=True), JUNE_2026)
    assert str(refused.value) == "foreign workers may not opt out of SKBBK"
