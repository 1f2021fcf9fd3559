"""Checks of a month's return (CONTRACT.md "Bulk returns"): warnings, which never refuse it, and
the one refusal, an age no employee can have.

The age is read from the MyKad's birth date, its century as pricing reads it (on the month's
first day). A month is plausible if the person has a plausible age on any day of it: someone who
turns 13 on the 15th may work from then, and someone who turns 101 on the 15th was 100 before.
A foreign worker named by SOCSO number has no birth date on record and is not checked.

The two-digit year cannot tell a centenarian from a child: read on the month's first day, an
age is at most 99 there, so a person of 100 or more reads as under 13 and is refused as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.contribution.domain.months import ContributionMonth
from shared.kernel.ic import birth_date_from_ic, years_since
from shared.kernel.money import format_money
from shared.kernel.person_id import IdKind, id_kind

# "more than three times, or less than a third of, the same person's wage at the same employer
# the month before": exactly three times, or exactly a third, is no jump.
WAGE_JUMP_FACTOR = Decimal(3)
# "An age under 13 or over 100 from the IC is 422 implausible-age": 13 and 100 are plausible.
YOUNGEST_PLAUSIBLE_AGE = 13
OLDEST_PLAUSIBLE_AGE = 100

WAGE_JUMP = "wage-jump"
SEVERAL_EMPLOYERS = "several-employers"
IMPLAUSIBLE_AGE = "implausible-age"


@dataclass(frozen=True, slots=True)
class LineWarning:
    """Something about a line worth a look, which does not stop the return."""

    line: int
    person_id: str  # a MyKad's 12 digits, or a foreign worker's SOCSO number
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class WageLine:
    """What the warnings read of a line: its number, its person and the wage it declares."""

    line: int
    person_id: str
    wage: Decimal


def wage_jumped(wage: Decimal, previous: Decimal) -> bool:
    """More than three times, or less than a third of, the previous wage (multiplied, never
    divided: a third of a wage in sen has no exact decimal)."""
    return wage > previous * WAGE_JUMP_FACTOR or wage * WAGE_JUMP_FACTOR < previous


def wage_jump(
    line: WageLine, previous: Decimal | None, month: ContributionMonth
) -> LineWarning | None:
    """The warning for a wage far from last month's at this employer; no line then, none now."""
    if previous is None or not wage_jumped(line.wage, previous):
        return None
    direction = "more than three times" if line.wage > previous else "less than a third of"
    return LineWarning(
        line.line,
        line.person_id,
        WAGE_JUMP,
        f"the wage RM{format_money(line.wage)} is {direction} RM{format_money(previous)}, "
        f"this employer's wage for the person in {month.previous()}",
    )


def several_employers(
    line: WageLine, others: Sequence[str], month: ContributionMonth
) -> LineWarning | None:
    """The warning for a person another employer already declared a wage for this month. Their
    codes are named, never their wages (those are the other employer's business)."""
    if not others:
        return None
    codes = ", ".join(sorted(set(others)))
    return LineWarning(
        line.line,
        line.person_id,
        SEVERAL_EMPLOYERS,
        f"the person also has a wage for {month} from employer {codes}",
    )


def line_warnings(
    lines: Iterable[WageLine],
    *,
    month: ContributionMonth,
    previous_wages: Mapping[str, Decimal],
    other_employers: Mapping[str, Sequence[str]],
) -> list[LineWarning]:
    """Every warning of these lines, in line order, given last month's wages at this employer
    and the other employers declaring each person this month."""
    found: list[LineWarning] = []
    for line in lines:
        for warning in (
            wage_jump(line, previous_wages.get(line.person_id), month),
            several_employers(line, other_employers.get(line.person_id, ()), month),
        ):
            if warning is not None:
                found.append(warning)
    return found


def implausible_age(born: date, month: ContributionMonth) -> int | None:
    """The age to quote if no day of the month gives a plausible one, else None: still under 13
    on its last day, or over 100 on its first."""
    youngest = years_since(born, month.last_day)
    if youngest < YOUNGEST_PLAUSIBLE_AGE:
        return youngest
    oldest = years_since(born, month.first_day)
    if oldest > OLDEST_PLAUSIBLE_AGE:
        return oldest
    return None


def age_problem(person_id: str, month: ContributionMonth) -> str | None:
    """Why a line's person cannot be an employee this month, or None (a SOCSO number: unknown)."""
    if id_kind(person_id) is not IdKind.MYKAD:
        return None
    born = birth_date_from_ic(person_id, today=month.first_day)
    age = implausible_age(born, month)
    if age is None:
        return None
    return (
        f"the IC gives a birth date of {born.isoformat()}, age {age} in {month}: an employee is "
        f"{YOUNGEST_PLAUSIBLE_AGE} to {OLDEST_PLAUSIBLE_AGE}"
    )
