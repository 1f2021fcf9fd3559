"""Pricing a month's lines (domain.pricing): every problem gathered, overrides only by officers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import Amounts, LinePricer
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

# The calculator is memoised: each test asks it anew, so mutants of the rule are met.
pytestmark = pytest.mark.usefixtures("fresh_tables")

JULY = ContributionMonth(2025, 7)


@dataclass(frozen=True)
class Line:
    person_id: str
    wage: Decimal = Decimal("3450.00")
    name: str = "Siti"
    nationality: str | None = "malaysian"
    employment_type: str = "regular"
    skbbk_opt_out: bool = False
    category: str | None = None
    eis: bool | None = None
    ids_given: int = 1


def pricer(*, may_override: bool = False, first_ages: dict[str, int] | None = None) -> LinePricer:
    return LinePricer(
        month=JULY, first_ages=first_ages or {}, may_override=may_override, who="officer-7"
    )


def test_an_employee_twice_is_found_across_chunks_and_named_by_line() -> None:
    p = pricer()
    p.price([Line("900101145678")], first_index=0)
    p.price([Line("900101145679"), Line("900101145678")], first_index=1)
    assert [(v.field, v.message) for v in p.problems] == [
        ("lines[2].ic", "this employee appears twice in the submission")
    ]


def test_only_an_officer_may_set_category_or_eis_and_the_reasons_say_who_did() -> None:
    refused = pricer()
    assert refused.price([Line("900101145678", category="second")], first_index=0) == []
    assert refused.problems[0].field == "lines[0].category"
    allowed = pricer(may_override=True)
    [line] = allowed.price([Line("900101145678", category="second", eis=False)], first_index=0)
    assert (line.category.value, line.eis, line.overridden) == ("second", False, True)
    assert line.reasons[-1] == "officer officer-7 overrode: category=second, eis=False"


def test_the_age_at_the_first_contribution_on_record_decides_the_category() -> None:
    """Under 60, someone who first contributed at 55 or later is second category; before 55, first."""
    ic = "680101145678"  # 57 in July 2025
    [never_before] = pricer().price([Line(ic)], first_index=0)
    [before_55] = pricer(first_ages={ic: 40}).price([Line(ic)], first_index=0)
    assert never_before.category.value == "second"
    assert before_55.category.value == "first"


def test_a_months_amounts_add_up_from_its_lines() -> None:
    [a, b] = pricer().price([Line("900101145678"), Line("900101145679")], first_index=0)
    rows = [Amounts.of(x.breakdown).__dict__ for x in (a, b)]
    total = Amounts.none().plus(rows)
    assert total.total == Amounts.of(a.breakdown).total + Amounts.of(b.breakdown).total
    assert total.socso_employer == a.breakdown.socso.employer + b.breakdown.socso.employer


def test_a_line_names_exactly_one_person_and_a_socso_number_is_a_foreign_workers() -> None:
    p = pricer()
    p.price(
        [
            Line("900101145678", ids_given=0),
            Line("900101145679", ids_given=2),
            Line("F90012345678", nationality="malaysian"),
            Line("F90012345679", nationality="permanent_resident"),
        ],
        first_index=0,
    )
    assert [(v.field, v.message) for v in p.problems] == [
        ("lines[0].ic", "give the MyKad (ic) or the socso_number"),
        ("lines[1].socso_number", "give the MyKad (ic) or the socso_number, not both"),
        *[
            (
                f"lines[{i}].nationality",
                "a person named by a SOCSO number is a foreign worker; "
                "a Malaysian or permanent resident is named by MyKad",
            )
            for i in (2, 3)
        ],
    ]


def test_a_socso_number_stated_foreign_or_not_at_all_is_priced_as_a_foreign_worker() -> None:
    p = pricer()
    priced = p.price(
        [Line("F90012345678", nationality="foreign"), Line("F90012345679", nationality=None)],
        first_index=0,
    )
    assert p.problems == []
    assert [(x.nationality.value, x.category.value, x.eis) for x in priced] == [
        ("foreign", "second", False),
        ("foreign", "second", False),
    ]
