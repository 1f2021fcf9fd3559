"""Every band edge of the Act 4 Third Schedule and the Act 800 Second Schedule.

"A band row applies when wage_from_exclusive < wage <= wage_to_inclusive" (reference/tables/README.md):
each row is tested at its upper edge (that row) and a sen above it (the next row), both categories.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import DATA, BandRow, NoScheduleInForce, Schedule
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

# The calculator is memoised: each test asks it anew, so mutants of the rule are met.
pytestmark = pytest.mark.usefixtures("fresh_tables")

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "tables"
SEN = Decimal("0.01")
OCT_2024 = ContributionMonth(2024, 10)
SEP_2024 = ContributionMonth(2024, 9)


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


ACT4 = rows("socso_act4_third_schedule.csv")
EIS = rows("eis_act800_second_schedule.csv")


@pytest.mark.parametrize(
    "name",
    [
        "socso_act4_third_schedule.csv",
        "eis_act800_second_schedule.csv",
        "socso_skbbk_lindung24jam_2026_06.csv",
        "act789_plans.csv",
    ],
)
def test_shipped_tables_are_the_official_ones(name: str) -> None:
    if not (REFERENCE / name).exists():
        pytest.skip("the reference tables are not beside this checkout")
    assert (DATA / name).read_text() == (REFERENCE / name).read_text()


def edge_cases() -> list[tuple[int, Decimal, int]]:
    """(row index, wage, expected row index) for each bounded row's upper edge and a sen above it."""
    cases = []
    for index, row in enumerate(ACT4):
        if not row["wage_to_inclusive"]:
            continue
        upper = Decimal(row["wage_to_inclusive"])
        cases.append((index, upper, index))
        cases.append((index, upper + SEN, index + 1))
        cases.append((index, Decimal(row["wage_from_exclusive"]) + SEN, index))
    return cases


@pytest.mark.parametrize(("row_index", "wage", "expected_index"), edge_cases())
def test_act4_band_edges_first_and_second_category(
    row_index: int, wage: Decimal, expected_index: int
) -> None:
    expected = ACT4[min(expected_index, len(ACT4) - 1)]
    if wage > Decimal("6000.00"):
        expected = ACT4[-2]  # above the ceiling: the ceiling's band
    first = calculate(wage=wage, category=Category.FIRST, eis=False, month=OCT_2024)
    assert (first.socso.employer, first.socso.employee, first.socso.total) == (
        Decimal(expected["first_employer"]),
        Decimal(expected["first_employee"]),
        Decimal(expected["first_total"]),
    )
    second = calculate(wage=wage, category=Category.SECOND, eis=False, month=OCT_2024)
    assert (second.socso.employer, second.socso.employee) == (
        Decimal(expected["second_employer"]),
        Decimal("0.00"),
    )


@pytest.mark.parametrize("index", [i for i, row in enumerate(EIS) if row["wage_to_inclusive"]])
def test_eis_band_edges(index: int) -> None:
    row = EIS[index]
    upper = Decimal(row["wage_to_inclusive"])
    at_edge = calculate(wage=upper, category=Category.FIRST, eis=True, month=OCT_2024).eis
    assert at_edge is not None
    assert (at_edge.employer, at_edge.employee, at_edge.total) == (
        Decimal(row["employer"]),
        Decimal(row["employee"]),
        Decimal(row["total"]),
    )
    above = calculate(wage=upper + SEN, category=Category.FIRST, eis=True, month=OCT_2024).eis
    following = EIS[index + 1] if upper < Decimal("6000.00") else row
    assert above is not None
    assert above.total == Decimal(following["total"])


def test_every_row_adds_up() -> None:
    for row in ACT4:
        assert Decimal(row["first_employer"]) + Decimal(row["first_employee"]) == Decimal(
            row["first_total"]
        )
    for row in EIS:
        assert Decimal(row["employer"]) + Decimal(row["employee"]) == Decimal(row["total"])


def test_quoted_rows() -> None:
    """Third Schedule: exceeding RM3,400 not exceeding RM3,500: 60.35 / 17.25 / 77.60, second 43.10;
    Second Schedule: 6.90 / 6.90 / 13.80."""
    b = calculate(
        wage=Decimal("3450.00"), category=Category.FIRST, eis=True, month=ContributionMonth(2025, 7)
    )
    assert (b.band_above, b.band_up_to) == (Decimal("3400.00"), Decimal("3500.00"))
    assert (b.socso.employer, b.socso.employee, b.socso.total) == (
        Decimal("60.35"),
        Decimal("17.25"),
        Decimal("77.60"),
    )
    assert b.eis is not None
    assert b.eis.total == Decimal("13.80")
    assert b.explanation


@pytest.mark.parametrize(
    ("month", "wage", "first_total", "eis_total", "ceiling"),
    [
        (SEP_2024, "5000.00", "111.40", "19.80", "5000.00"),
        (SEP_2024, "5000.01", "111.40", "19.80", "5000.00"),
        (SEP_2024, "6000.00", "111.40", "19.80", "5000.00"),
        (SEP_2024, "20000.00", "111.40", "19.80", "5000.00"),
        (OCT_2024, "5000.01", "113.60", "20.20", "6000.00"),
        (OCT_2024, "6000.00", "133.90", "23.80", "6000.00"),
        (OCT_2024, "6000.01", "133.90", "23.80", "6000.00"),
        (OCT_2024, "20000.00", "133.90", "23.80", "6000.00"),
    ],
)
def test_ceiling_is_5000_before_october_2024_and_6000_from_it(
    month: ContributionMonth, wage: str, first_total: str, eis_total: str, ceiling: str
) -> None:
    """ "Effective 1 October 2024 ... a new wage ceiling for contributions from RM5,000 to RM6,000 per month"."""
    b = calculate(wage=Decimal(wage), category=Category.FIRST, eis=True, month=month)
    assert b.socso.total == Decimal(first_total)
    assert b.eis is not None
    assert b.eis.total == Decimal(eis_total)
    assert b.ceiling == Decimal(ceiling)


@pytest.mark.parametrize(
    ("month", "expected"),
    [(ContributionMonth(2026, 5), None), (ContributionMonth(2026, 6), Decimal("25.85"))],
)
def test_skbbk_is_added_from_contributions_for_june_2026(
    month: ContributionMonth, expected: Decimal | None
) -> None:
    b = calculate(wage=Decimal("3450.00"), category=Category.SECOND, eis=False, month=month)
    assert b.skbbk_employee == expected


def test_no_wage_no_contribution() -> None:
    b = calculate(wage=Decimal("0.00"), category=Category.FIRST, eis=True, month=OCT_2024)
    assert b.total == Decimal("0.00")


def test_months_before_the_shipped_tables_are_refused() -> None:
    with pytest.raises(NoScheduleInForce):
        calculate(
            wage=Decimal("1000.00"),
            category=Category.FIRST,
            eis=True,
            month=ContributionMonth(2022, 8),
        )


def _row(above: str, up_to: str | None, line: int) -> BandRow:
    return BandRow(Decimal(above), Decimal(up_to) if up_to else None, {}, line)


def test_a_schedule_whose_rows_leave_a_gap_is_refused_when_loaded() -> None:
    """Bands are found by binary search over their upper bounds: only a contiguous table works."""
    rows = (_row("0.00", "30.00", 2), _row("50.00", None, 3))
    with pytest.raises(ValueError, match="line 3 does not follow line 2"):
        Schedule("act4", "gap.csv", ContributionMonth(2024, 1), rows)


def test_band_lookup_honours_exceeding_and_not_exceeding_at_every_edge() -> None:
    rows = (_row("0.00", "30.00", 2), _row("30.00", "50.00", 3), _row("50.00", None, 4))
    schedule = Schedule("act4", "edges.csv", ContributionMonth(2024, 1), rows)
    lines = {
        w: schedule.band(Decimal(w)).line for w in ("0.01", "30.00", "30.01", "50.00", "50.01")
    }
    assert lines == {"0.01": 2, "30.00": 2, "30.01": 3, "50.00": 3, "50.01": 4}
    with pytest.raises(ValueError, match="no band"):
        schedule.band(Decimal("0.00"))
