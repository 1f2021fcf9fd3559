"""The shipped schedules as read from data, the ceilings by month, and what a wage costs.

Rows quoted from reference/tables/ (socso_act4_third_schedule.csv, eis_act800_second_schedule.csv,
socso_skbbk_lindung24jam_2026_06.csv): "A band row applies when wage_from_exclusive < wage <=
wage_to_inclusive; the row with an empty wage_to_inclusive is 'wages exceed RM6,000'"
(reference/tables/README.md). "Effective 1 October 2024, PERKESO will enforce a new wage ceiling
for contributions from RM5,000 to RM6,000 per month" (reference/perkeso-benefits-and-contributions.txt).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution.domain import calculator
from services.contribution.domain.calculator import NOTHING, Category, calculate
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import (
    BandRow,
    NoScheduleInForce,
    Schedule,
    ceiling_for,
    ceilings,
    schedule_in_force,
    schedules,
)
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fresh_tables")

JULY_2025 = ContributionMonth(2025, 7)
JUNE_2026 = ContributionMonth(2026, 6)
D = Decimal


def test_every_table_is_loaded_with_its_first_month() -> None:
    loaded = schedules()
    assert {name: [(s.file, str(s.effective_from)) for s in s_] for name, s_ in loaded.items()} == {
        "act4": [("socso_act4_third_schedule.csv", "2022-09")],
        "eis": [("eis_act800_second_schedule.csv", "2022-09")],
        "skbbk": [("socso_skbbk_lindung24jam_2026_06.csv", "2026-06")],
    }


def test_the_third_schedule_is_read_row_by_row_with_its_file_line() -> None:
    [act4] = schedules()["act4"]
    assert len(act4.rows) == 65
    first, quoted, last = act4.rows[0], act4.rows[38], act4.rows[-1]
    # "0.00,30.00,0.40,0.10,0.50,0.30", the file's line 2
    assert first == BandRow(
        D("0.00"),
        D("30.00"),
        {
            "first_employer": D("0.40"),
            "first_employee": D("0.10"),
            "first_total": D("0.50"),
            "second_employer": D("0.30"),
        },
        2,
    )
    # "3400.00,3500.00,60.35,17.25,77.60,43.10", line 40
    assert (quoted.above, quoted.up_to, quoted.line) == (D("3400.00"), D("3500.00"), 40)
    assert quoted.amounts["second_employer"] == D("43.10")
    # "6000.00,,104.15,29.75,133.90,74.40", line 66: wages exceeding RM6,000
    assert (last.above, last.up_to, last.line) == (D("6000.00"), None, 66)
    assert last.amounts["first_total"] == D("133.90")


def test_the_second_schedule_and_skbbk_are_read_likewise() -> None:
    [eis] = schedules()["eis"]
    assert eis.rows[0] == BandRow(
        D("0.00"), D("30.00"), {"employer": D("0.05"), "employee": D("0.05"), "total": D("0.10")}, 2
    )
    [skbbk] = schedules()["skbbk"]
    assert skbbk.rows[38] == BandRow(D("3400.00"), D("3500.00"), {"skbbk_employee": D("25.85")}, 40)


def test_the_ceilings_by_month() -> None:
    assert [(str(c.effective_from), c.amount, c.note) for c in ceilings()] == [
        ("2022-09", D("5000.00"), "RM5,000 ceiling from 1 September 2022"),
        ("2024-10", D("6000.00"), "RM6,000 ceiling for contributions for October 2024 and later"),
    ]
    assert ceiling_for(ContributionMonth(2022, 9)).amount == D("5000.00")
    assert ceiling_for(ContributionMonth(2024, 9)).amount == D("5000.00")
    assert ceiling_for(ContributionMonth(2024, 10)).amount == D("6000.00")


def test_a_month_before_the_shipped_ceilings_is_refused() -> None:
    with pytest.raises(NoScheduleInForce) as refused:
        ceiling_for(ContributionMonth(2022, 8))
    assert str(refused.value) == (
        "no contribution schedule is shipped for 2022-08 (before September 2022)"
    )


def test_skbbk_is_in_force_from_june_2026() -> None:
    assert schedule_in_force("skbbk", ContributionMonth(2026, 5)) is None
    in_force = schedule_in_force("skbbk", JUNE_2026)
    assert in_force is not None
    assert in_force.file == "socso_skbbk_lindung24jam_2026_06.csv"


def test_a_schedule_without_rows_covers_no_wage() -> None:
    empty = Schedule("act4", "empty.csv", JULY_2025, ())
    with pytest.raises(ValueError, match=r"^no band of empty\.csv covers a wage of 1\.00$"):
        empty.band(D("1.00"))


def test_a_single_open_row_covers_every_wage_above_it() -> None:
    open_row = Schedule("act4", "one.csv", JULY_2025, (BandRow(D("0.00"), None, {}, 2),))
    assert open_row.band(D("0.01")).line == 2
    assert open_row.band(D("99999.00")).line == 2


def test_the_second_categorys_total_is_the_employers_alone() -> None:
    """Second category, RM3,450.00: the employer pays 43.10 and the employee nothing."""
    b = calculate(wage=D("3450.00"), category=Category.SECOND, eis=False, month=JULY_2025)
    assert (b.socso.employer, b.socso.employee, b.socso.total) == (
        D("43.10"),
        D("0.00"),
        D("43.10"),
    )
    assert (b.eis, b.skbbk_employee) == (None, None)
    assert b.total == D("43.10")
    assert b.explanation[-1] == "second category (Employment Injury only): employer pays RM43.10"


def test_from_june_2026_the_employee_adds_skbbk_in_either_category() -> None:
    """43.10 + SKBBK 25.85 = 68.95; first category with EIS: 77.60 + 13.80 + 25.85 = 117.25."""
    second = calculate(wage=D("3450.00"), category=Category.SECOND, eis=False, month=JUNE_2026)
    assert (second.skbbk_employee, second.total) == (D("25.85"), D("68.95"))
    first = calculate(wage=D("3450.00"), category=Category.FIRST, eis=True, month=JUNE_2026)
    assert first.total == D("117.25")
    opted_out = calculate(
        wage=D("3450.00"), category=Category.FIRST, eis=True, month=JUNE_2026, skbbk=False
    )
    assert (opted_out.skbbk_employee, opted_out.total) == (None, D("91.40"))


def test_a_first_category_breakdown_explains_each_amount_by_its_file_line() -> None:
    b = calculate(wage=D("3450.00"), category=Category.FIRST, eis=True, month=JULY_2025)
    assert b.total == D("91.40")  # 77.60 + 13.80
    assert b.explanation == (
        "ceiling for 2025-07: RM6000.00 (RM6,000 ceiling for contributions for October 2024 and later)",
        "socso_act4_third_schedule.csv line 40: exceeding RM3400.00, not exceeding RM3500.00",
        "first category (Employment Injury + Invalidity): employer RM60.35, employee RM17.25",
        "eis_act800_second_schedule.csv line 40: EIS employer RM6.90, employee RM6.90",
    )
    with_skbbk = calculate(wage=D("3450.00"), category=Category.FIRST, eis=True, month=JUNE_2026)
    assert with_skbbk.explanation[-1] == (
        "socso_skbbk_lindung24jam_2026_06.csv line 40: SKBBK employee RM25.85"
    )


def test_a_wage_above_the_ceiling_pays_the_ceilings_band_and_says_why() -> None:
    """RM7,000 from October 2024: the RM5,900-6,000 band, line 65, 133.90 and 23.80."""
    b = calculate(wage=D("7000.00"), category=Category.FIRST, eis=True, month=JULY_2025)
    assert (b.wage, b.ceiling, b.band_above, b.band_up_to) == (
        D("7000.00"),
        D("6000.00"),
        D("5900.00"),
        D("6000.00"),
    )
    assert b.total == D("157.70")
    assert b.explanation[1:3] == (
        "wage RM7000.00 exceeds the ceiling: the ceiling's band applies",
        "socso_act4_third_schedule.csv line 65: exceeding RM5900.00, not exceeding RM6000.00",
    )


def test_a_wage_at_the_ceiling_does_not_exceed_it() -> None:
    b = calculate(wage=D("6000.00"), category=Category.FIRST, eis=False, month=JULY_2025)
    assert not any("exceeds the ceiling" in line for line in b.explanation)


@pytest.mark.parametrize(("eis", "skbbk"), [(True, True), (False, False)])
def test_no_wages_no_contribution(eis: bool, skbbk: bool) -> None:
    b = calculate(wage=D("0.00"), category=Category.FIRST, eis=eis, month=JUNE_2026, skbbk=skbbk)
    assert (b.wage, b.band_above, b.band_up_to, b.ceiling, b.socso) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("6000.00"),
        NOTHING,
    )
    assert b.eis == (NOTHING if eis else None)
    assert b.skbbk_employee == (D("0.00") if skbbk else None)
    assert b.total == D("0.00")
    assert b.explanation == ("no wages were paid, so no contribution is due",)


@pytest.mark.parametrize("missing", ["act4", "eis"])
def test_a_month_with_only_one_of_its_schedules_shipped_is_refused(
    missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Act 4 and Act 800 are paid together: a month one of them does not cover is not priced."""
    shipped = calculator.schedule_in_force

    def one_missing(name: str, month: ContributionMonth) -> Schedule | None:
        return None if name == missing else shipped(name, month)

    monkeypatch.setattr(calculator, "schedule_in_force", one_missing)
    with pytest.raises(
        NoScheduleInForce, match=r"^no contribution schedule is shipped for 2025-07$"
    ):
        calculate(wage=D("3450.00"), category=Category.FIRST, eis=True, month=JULY_2025)
