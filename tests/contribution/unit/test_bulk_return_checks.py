"""A month's return checked (domain.bulk_returns, CONTRACT.md "Bulk returns"): the warnings at
their edges, and the one age refusal at its."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.bulk_returns import (
    IMPLAUSIBLE_AGE,
    SEVERAL_EMPLOYERS,
    WAGE_JUMP,
    WageLine,
    age_problem,
    implausible_age,
    line_warnings,
    wage_jumped,
)
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import LinePricer
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture
from tests.contribution.unit.test_line_pricing import Line

JULY = ContributionMonth(2025, 7)


@pytest.mark.parametrize(
    ("wage", "jumped"),
    [
        ("6000.00", False),  # exactly three times
        ("6000.01", True),  # a sen above
        ("666.67", False),  # above a third (2000 / 3 = 666.666...)
        ("666.66", True),  # below a third
        ("2000.00", False),
    ],
)
def test_a_wage_jumps_only_beyond_three_times_or_a_third(wage: str, jumped: bool) -> None:
    assert wage_jumped(Decimal(wage), Decimal("2000.00")) is jumped


def test_exactly_a_third_is_no_jump_and_a_sen_less_is() -> None:
    assert not wage_jumped(Decimal("1000.00"), Decimal("3000.00"))
    assert wage_jumped(Decimal("999.99"), Decimal("3000.00"))


def test_no_line_the_month_before_gives_no_jump_warning() -> None:
    warnings = line_warnings(
        [WageLine(1, "900101145678", Decimal("99999.00"))],
        month=JULY,
        previous_wages={},
        other_employers={},
    )
    assert warnings == []


def test_warnings_name_the_line_the_person_and_the_other_employer_but_not_its_wage() -> None:
    jumped, elsewhere, both = "900101145678", "880512105531", "F90012345678"
    warnings = line_warnings(
        [
            WageLine(1, jumped, Decimal("9000.00")),
            WageLine(2, elsewhere, Decimal("2000.00")),
            WageLine(3, both, Decimal("100.00")),
        ],
        month=JULY,
        previous_wages={
            jumped: Decimal("2000.00"),
            elsewhere: Decimal("2000.00"),
            both: Decimal("400.00"),
        },
        other_employers={elsewhere: ["E2000002"], both: ["E3000003", "E2000002"]},
    )
    assert [(w.line, w.person_id, w.code) for w in warnings] == [
        (1, jumped, WAGE_JUMP),
        (2, elsewhere, SEVERAL_EMPLOYERS),
        (3, both, WAGE_JUMP),
        (3, both, SEVERAL_EMPLOYERS),
    ]
    assert "more than three times RM2000.00" in warnings[0].message
    assert "2025-06" in warnings[0].message
    assert "less than a third of RM400.00" in warnings[2].message
    assert "E2000002" in warnings[1].message
    assert "E2000002, E3000003" in warnings[3].message
    # The other employer's wage is its own business: only its code is named.
    assert "RM" not in warnings[1].message


@pytest.mark.parametrize(
    ("born", "refused_age"),
    [
        (date(2012, 7, 31), None),  # 13 on the month's last day
        (date(2012, 8, 1), 12),  # still 12 when the month ends
        (date(2012, 7, 15), None),  # turns 13 inside the month: may work from then
        (date(1925, 7, 1), None),  # 100 on the first day
        (date(1924, 7, 2), None),  # 100 on the first day, 101 inside the month
        (date(1924, 7, 1), 101),  # already 101 when the month begins
    ],
)
def test_an_age_is_plausible_from_13_to_100_on_some_day_of_the_month(
    born: date, refused_age: int | None
) -> None:
    assert implausible_age(born, JULY) == refused_age


@pytest.mark.parametrize(
    ("ic", "refused"),
    [
        ("120731145678", False),  # 13 on 31 July 2025
        ("120715145678", False),  # the birthday inside the month
        ("120801145678", True),  # 12 all July
        ("900101145678", False),
    ],
)
def test_the_age_is_read_from_the_ic(ic: str, refused: bool) -> None:
    problem = age_problem(ic, JULY)
    assert (problem is not None) is refused
    if problem:
        assert "2012-08-01" in problem
        assert "age 12" in problem


def test_a_socso_number_carries_no_birth_date_and_is_not_checked() -> None:
    assert age_problem("F90012345678", JULY) is None


@pytest.mark.usefixtures("fresh_tables")
def test_pricing_refuses_an_implausible_age_naming_the_line_and_its_ic() -> None:
    pricer = LinePricer(month=JULY, first_ages={}, may_override=False, who="employer")
    pricer.price(
        [Line("900101145678"), Line("120801145678"), Line("F90012345678", nationality=None)],
        first_index=0,
    )
    assert [(v.field, v.code) for v in pricer.problems] == [("lines[1].ic", IMPLAUSIBLE_AGE)]
