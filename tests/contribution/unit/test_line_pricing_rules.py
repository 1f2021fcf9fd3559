"""Pricing lines: the facts each line gives decide its coverage, its amounts come from the
schedules, and every refusal names the line and field it is about.

Amounts quoted from reference/tables/: for a wage of RM3,450.00 (exceeding RM3,400, not exceeding
RM3,500) the Third Schedule gives first category 60.35 / 17.25 / 77.60 and second category 43.10,
the Second Schedule 6.90 / 6.90 / 13.80, and the SKBBK table 25.85 (from June 2026).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.coverage import Nationality
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import Amounts, LinePricer
from shared.kernel.errors import Violation
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

# The calculator is memoised: each test asks it anew, so mutants of the rule are met.
pytestmark = pytest.mark.usefixtures("fresh_tables")

JULY_2025 = ContributionMonth(2025, 7)
JUNE_2026 = ContributionMonth(2026, 6)
IC = "900101145678"
IC_57 = "680101145678"  # 57 in July 2025
WAGE = Decimal("3450.00")


@dataclass(frozen=True)
class Line:
    person_id: str = IC
    wage: Decimal = WAGE
    name: str = "Siti"
    nationality: str | None = "malaysian"
    employment_type: str = "regular"
    skbbk_opt_out: bool = False
    category: str | None = None
    eis: bool | None = None
    ids_given: int = 1


def pricer(
    month: ContributionMonth = JULY_2025,
    *,
    may_override: bool = False,
    first_ages: dict[str, int | None] | None = None,
) -> LinePricer:
    return LinePricer(
        month=month, first_ages=first_ages or {}, may_override=may_override, who="officer-7"
    )


def test_a_first_category_line_pays_the_schedules_amounts() -> None:
    line = Line()
    [priced] = pricer().price([line], first_index=4)
    assert (priced.line_no, priced.line, priced.category, priced.eis, priced.skbbk) == (
        5,
        line,
        Category.FIRST,
        True,
        False,
    )
    assert (priced.overridden, priced.nationality) == (False, Nationality.MALAYSIAN)
    b = priced.breakdown
    assert (b.socso.employer, b.socso.employee, b.socso.total) == (
        Decimal("60.35"),
        Decimal("17.25"),
        Decimal("77.60"),
    )
    assert b.eis is not None
    assert (b.eis.employer, b.eis.employee) == (Decimal("6.90"), Decimal("6.90"))
    assert Amounts.of(b) == Amounts(
        Decimal("60.35"), Decimal("17.25"), Decimal("6.90"), Decimal("6.90"), Decimal("0.00")
    )
    assert Amounts.of(b).total == Decimal("91.40")


def test_lines_are_numbered_from_one_after_the_index_of_the_chunk() -> None:
    priced = pricer().price([Line(IC), Line("900101145679")], first_index=10)
    assert [p.line_no for p in priced] == [11, 12]


def test_a_line_stated_foreign_is_priced_as_a_foreign_worker_whatever_the_memory() -> None:
    p = LinePricer(
        month=JULY_2025, first_ages={}, may_override=False, who="x", nationalities={IC: "malaysian"}
    )
    [priced] = p.price([Line(nationality="foreign")], first_index=0)
    assert (priced.nationality, priced.category, priced.eis) == (
        Nationality.FOREIGN,
        Category.SECOND,
        False,
    )
    assert priced.breakdown.socso.total == Decimal("43.10")
    assert priced.breakdown.eis is None
    assert Amounts.of(priced.breakdown) == Amounts(
        Decimal("43.10"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")
    )


def test_a_line_stating_no_nationality_is_priced_as_the_service_remembers() -> None:
    p = LinePricer(
        month=JULY_2025, first_ages={}, may_override=False, who="x", nationalities={IC: "foreign"}
    )
    [priced] = p.price([Line(nationality=None)], first_index=0)
    assert priced.nationality is Nationality.FOREIGN


def test_a_domestic_worker_line_pays_no_eis() -> None:
    [priced] = pricer().price([Line(employment_type="domestic")], first_index=0)
    assert (priced.category, priced.eis, priced.breakdown.eis) == (Category.FIRST, False, None)


@pytest.mark.parametrize(
    ("first_age", "category"),
    [(54, Category.FIRST), (55, Category.SECOND), (None, Category.SECOND)],
)
def test_a_first_contribution_at_55_or_later_makes_the_second_category(
    first_age: int | None, category: Category
) -> None:
    """No age on record: the age this month (57) is the first contribution's."""
    [priced] = pricer(first_ages={IC_57: first_age}).price([Line(IC_57)], first_index=0)
    assert priced.category is category


def test_from_june_2026_a_line_pays_skbbk_unless_opted_out() -> None:
    [pays] = pricer(JUNE_2026).price([Line()], first_index=0)
    assert (pays.skbbk, pays.breakdown.skbbk_employee) == (True, Decimal("25.85"))
    assert Amounts.of(pays.breakdown).skbbk_employee == Decimal("25.85")
    [opted_out] = pricer(JUNE_2026).price([Line(skbbk_opt_out=True)], first_index=0)
    assert (opted_out.skbbk, opted_out.breakdown.skbbk_employee) == (False, None)
    assert Amounts.of(opted_out.breakdown).skbbk_employee == Decimal("0.00")


def test_a_foreign_worker_opting_out_of_skbbk_is_refused_on_that_line() -> None:
    p = pricer(JUNE_2026)
    priced = p.price(
        [Line(), Line("F90012345678", nationality="foreign", skbbk_opt_out=True)], first_index=3
    )
    assert [x.line_no for x in priced] == [4]
    assert p.problems == [
        Violation(
            field="lines[4].skbbk_opt_out", message="foreign workers may not opt out of SKBBK"
        )
    ]


def test_an_override_by_anyone_but_an_officer_is_refused_on_that_line() -> None:
    p = pricer()
    assert p.price([Line(eis=False)], first_index=2) == []
    assert p.problems == [
        Violation(field="lines[2].category", message="only an officer may override category or eis")
    ]


def test_an_officer_overrides_category_and_eis_and_the_amounts_follow() -> None:
    [priced] = pricer(may_override=True).price([Line(category="second", eis=False)], first_index=0)
    assert (priced.category, priced.eis, priced.overridden) == (Category.SECOND, False, True)
    assert (priced.breakdown.socso.total, priced.breakdown.eis) == (Decimal("43.10"), None)
    assert priced.reasons[-1] == "officer officer-7 overrode: category=second, eis=False"


def test_a_line_without_an_override_keeps_the_derived_reasons_only() -> None:
    [priced] = pricer().price([Line()], first_index=0)
    assert priced.reasons == [
        "age 35 on 2025-07-01",
        "under 60: first category (Employment Injury + Invalidity)",
        "EIS: employee aged 18 to 59",
    ]


def test_a_duplicate_is_refused_on_its_ic_field() -> None:
    p = pricer()
    p.price([Line(), Line()], first_index=0)
    assert p.problems == [
        Violation(field="lines[1].ic", message="this employee appears twice in the submission")
    ]


def test_amounts_add_up_by_name() -> None:
    rows = [
        {
            "socso_employer": Decimal("1.00"),
            "socso_employee": Decimal("2.00"),
            "eis_employer": Decimal("3.00"),
            "eis_employee": Decimal("4.00"),
            "skbbk_employee": Decimal("5.00"),
        }
    ] * 2
    total = Amounts.none().plus(rows)
    assert total == Amounts(
        Decimal("2.00"), Decimal("4.00"), Decimal("6.00"), Decimal("8.00"), Decimal("10.00")
    )
    assert total.total == Decimal("30.00")


def test_amounts_of_a_breakdown_without_eis_or_skbbk_are_zero() -> None:
    b = calculate(wage=WAGE, category=Category.SECOND, eis=False, month=JULY_2025, skbbk=False)
    assert Amounts.of(b) == Amounts(
        Decimal("43.10"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")
    )
