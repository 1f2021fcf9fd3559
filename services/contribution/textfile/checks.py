"""Line-by-line checks that need the law's tables: every amount recomputed from the wage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.contribution.domain.bulk_returns import IMPLAUSIBLE_AGE, age_problem
from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.coverage import (
    EmployeeFacts,
    EmploymentType,
    Nationality,
    derive_coverage,
)
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import NoScheduleInForce, schedule_in_force
from services.contribution.textfile.layouts import (
    COMBINED_V1,
    EIS_ONLY,
    SOCSO_ONLY,
    V2_MANDATORY_FROM,
    Layout,
)
from services.contribution.textfile.records import LineError, Record
from shared.kernel.money import ZERO


@dataclass(frozen=True, slots=True)
class CheckedLine:
    """What a line that passed its checks contributes to the submission, and nothing more: a
    100,000-line file keeps one of these per line until the end, not the parsed record (measured:
    1.4 KB a line with the record's amounts and fields, most of the job's peak memory)."""

    person_id: str
    name: str
    wage: Decimal
    category: Category
    eis: bool
    line: int  # the file's line, which the job's report names


def _differences(
    line: int, expected: dict[str, Decimal], found: dict[str, Decimal]
) -> list[LineError]:
    return [
        LineError(line, name, f"RM{found[name]} in the file; the official table gives RM{value}")
        for name, value in expected.items()
        if name in found and found[name] != value
    ]


def check_record(
    record: Record,
    *,
    layout: Layout,
    employer_code: str,
    first_month: str,
    today: date,
    contributed_before_55: bool,
    officer: bool,
    nationality: Nationality = Nationality.MALAYSIAN,
) -> CheckedLine | list[LineError]:
    """Employer code, month (same on every line, not in the future), an age an employee can
    have, and every amount against the tables."""
    errors: list[LineError] = []
    n = record.line
    if record.employer_code != employer_code:
        errors.append(
            LineError(
                n, "employer_code", f"{record.employer_code} is not the employer {employer_code}"
            )
        )
    if record.month != first_month:
        errors.append(
            LineError(n, "month", f"{record.month} differs from the file's month {first_month}")
        )
    month = ContributionMonth.parse(record.month)
    if month.first_day > today:
        errors.append(LineError(n, "month", f"{record.month} is in the future"))
    if layout is COMBINED_V1 and (month.year, month.month) >= V2_MANDATORY_FROM:
        errors.append(
            LineError(
                n, "filler", "version 2.0 (with the SKBBK amount) is mandatory from October 2026"
            )
        )
    if errors:
        return errors
    too_young_or_old = age_problem(record.person_id, month)
    if too_young_or_old is not None:
        return [LineError(n, "id_number", too_young_or_old, code=IMPLAUSIBLE_AGE)]
    a = record.amounts
    derived = derive_coverage(
        EmployeeFacts(
            person_id=record.person_id,
            nationality=nationality,
            employment_type=EmploymentType.REGULAR,
            contributed_before_55=contributed_before_55,
        ),
        month,
    )
    try:
        if layout in (SOCSO_ONLY, EIS_ONLY):
            return _check_separate(record, layout, month, derived.category, derived.eis)
        category = Category.SECOND if a["socso_employee"] == ZERO else Category.FIRST
        eis = a["eis_employer"] > 0 or a["eis_employee"] > 0
        skbbk = "skbbk_employee" in a and a["skbbk_employee"] > 0
        expected = calculate(
            wage=a["wage"],
            category=category,
            eis=eis,
            month=month,
            skbbk=skbbk or schedule_in_force("skbbk", month) is None,
        )
    except NoScheduleInForce as exc:
        return [LineError(n, "month", str(exc))]
    if not officer and (category, eis) != (derived.category, derived.eis):
        return [
            LineError(
                n,
                "socso_employee",
                f"the amounts imply {category.value} category{' with' if eis else ' without'} EIS; "
                f"the employee's facts give {derived.category.value}{' with' if derived.eis else ' without'} EIS (only an officer may override)",
            )
        ]
    wanted = {
        "socso_employer": expected.socso.employer,
        "socso_employee": expected.socso.employee,
        "eis_employer": expected.eis.employer if expected.eis else ZERO,
        "eis_employee": expected.eis.employee if expected.eis else ZERO,
    }
    if "skbbk_employee" in a:
        wanted["skbbk_employee"] = expected.skbbk_employee or ZERO
    differences = _differences(n, wanted, a)
    if differences:
        return differences
    return CheckedLine(record.person_id, record.name, a["wage"], category, eis, n)


def _check_separate(
    record: Record, layout: Layout, month: ContributionMonth, category: Category, eis: bool
) -> CheckedLine | list[LineError]:
    """A separate file carries no wage: its amount must be a total of the schedule, and the wage is the band's top."""
    table = schedule_in_force("act4" if layout is SOCSO_ONLY else "eis", month)
    assert table is not None
    column = (
        ("first_total" if category is Category.FIRST else "second_employer")
        if layout is SOCSO_ONLY
        else "total"
    )
    amount = record.amounts["amount"]
    for row in table.rows:
        if row.amounts[column] == amount and row.up_to is not None:
            return CheckedLine(record.person_id, record.name, row.up_to, category, eis, record.line)
    return [
        LineError(
            record.line,
            "amount",
            f"RM{amount} is not a contribution in the {table.file} for a {category.value}-category employee",
        )
    ]
