"""A foreign worker named by SOCSO number has no birth date on record; their category and EIS do
not turn on age ("The contribution rates for Foreign Workers are refer to the Third Schedule (Act
4)": Employment Injury, and EIS covers no foreign worker), so they are priced without one."""

from __future__ import annotations

import pytest

from services.contribution.domain.calculator import Category
from services.contribution.domain.coverage import (
    EmployeeFacts,
    EmploymentType,
    Nationality,
    NoBirthDate,
    derive_coverage,
)
from services.contribution.domain.months import ContributionMonth

JULY = ContributionMonth.parse("2025-07")


def facts(nationality: Nationality) -> EmployeeFacts:
    return EmployeeFacts(
        person_id="F90012345678",
        nationality=nationality,
        employment_type=EmploymentType.REGULAR,
        contributed_before_55=True,
    )


def test_a_socso_number_is_priced_second_category_without_eis_and_without_an_age() -> None:
    coverage = derive_coverage(facts(Nationality.FOREIGN), JULY)
    assert (coverage.category, coverage.eis, coverage.age) == (Category.SECOND, False, None)
    assert coverage.reasons[0] == "named by SOCSO number: foreign worker, no birth date on record"


@pytest.mark.parametrize("nationality", [Nationality.MALAYSIAN, Nationality.PERMANENT_RESIDENT])
def test_a_socso_number_for_anyone_else_is_refused_not_priced_by_a_guessed_age(
    nationality: Nationality,
) -> None:
    with pytest.raises(NoBirthDate):
        derive_coverage(facts(nationality), JULY)
