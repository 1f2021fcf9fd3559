"""Who pays what (issue: first category under 60; second for 60 and over, first contribution at 55 or later,
foreign workers; EIS for employees 18 to 60, not foreign or domestic workers)."""

from __future__ import annotations

import pytest

from services.contribution.domain.calculator import Category
from services.contribution.domain.coverage import (
    EmployeeFacts,
    EmploymentType,
    Nationality,
    SkbbkOptOutRefused,
    derive_coverage,
)
from services.contribution.domain.months import ContributionMonth

JULY_2025 = ContributionMonth(2025, 7)


def facts(
    ic: str,
    nationality: Nationality = Nationality.MALAYSIAN,
    employment: EmploymentType = EmploymentType.REGULAR,
    before_55: bool = True,
    opt_out: bool = False,
) -> EmployeeFacts:
    return EmployeeFacts(
        person_id=ic,
        nationality=nationality,
        employment_type=employment,
        contributed_before_55=before_55,
        skbbk_opt_out=opt_out,
    )


@pytest.mark.parametrize(
    ("ic", "category", "eis"),
    [
        ("650701145678", Category.SECOND, False),  # 60 on 1 July 2025
        (
            "650702145678",
            Category.FIRST,
            True,
        ),  # turns 60 on 2 July: still 59 when the month begins
        ("070701145678", Category.FIRST, True),  # 18 on 1 July 2025
        ("070702145678", Category.FIRST, False),  # 17 when the month begins: no EIS yet
        ("900101145678", Category.FIRST, True),
    ],
)
def test_age_on_the_first_day_of_the_month_decides(ic: str, category: Category, eis: bool) -> None:
    coverage = derive_coverage(facts(ic), JULY_2025)
    assert (coverage.category, coverage.eis) == (category, eis)


def test_first_contribution_at_55_or_later_is_second_category() -> None:
    coverage = derive_coverage(facts("700101145678", before_55=False), JULY_2025)
    assert coverage.category is Category.SECOND
    assert coverage.eis is True


def test_foreign_workers_are_second_category_without_eis() -> None:
    coverage = derive_coverage(facts("900101145678", Nationality.FOREIGN), JULY_2025)
    assert (coverage.category, coverage.eis) == (Category.SECOND, False)


def test_domestic_workers_have_no_eis() -> None:
    coverage = derive_coverage(facts("900101145678", employment=EmploymentType.DOMESTIC), JULY_2025)
    assert (coverage.category, coverage.eis) == (Category.FIRST, False)


def test_skbbk_applies_from_june_2026_with_an_opt_out_for_malaysians_and_permanent_residents() -> (
    None
):
    assert derive_coverage(facts("900101145678"), ContributionMonth(2026, 5)).skbbk is False
    assert derive_coverage(facts("900101145678"), ContributionMonth(2026, 6)).skbbk is True
    assert (
        derive_coverage(facts("900101145678", opt_out=True), ContributionMonth(2026, 6)).skbbk
        is False
    )
    pr = facts("900101145678", Nationality.PERMANENT_RESIDENT, opt_out=True)
    assert derive_coverage(pr, ContributionMonth(2026, 6)).skbbk is False
    with pytest.raises(SkbbkOptOutRefused):
        derive_coverage(
            facts("900101145678", Nationality.FOREIGN, opt_out=True), ContributionMonth(2026, 6)
        )


def test_reasons_say_why() -> None:
    reasons = derive_coverage(facts("650701145678"), JULY_2025).reasons
    assert any("60 or over" in r for r in reasons)
