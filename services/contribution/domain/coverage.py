"""Who pays what: the category and the schemes that follow from an employee's facts.

Age is taken on the first day of the contribution month: the status a person has when the month
begins decides the whole month (a birthday inside the month changes the next month's contribution).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.contribution.domain.calculator import Category
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import schedule_in_force
from shared.kernel.i18n import msg
from shared.kernel.ic import age_on
from shared.kernel.person_id import IdKind, id_kind

SECOND_CATEGORY_AGE = 60
LATE_ENTRY_AGE = 55
EIS_MIN_AGE = 18
EIS_MAX_AGE = 60


class Nationality(StrEnum):
    MALAYSIAN = "malaysian"
    PERMANENT_RESIDENT = "permanent_resident"
    FOREIGN = "foreign"


class EmploymentType(StrEnum):
    REGULAR = "regular"
    DOMESTIC = "domestic"


class SkbbkOptOutRefused(ValueError):
    """Only Malaysians and permanent residents may opt out of SKBBK."""


class NoBirthDate(ValueError):
    """Only a MyKad gives an age: a person named by a SOCSO number is a foreign worker."""


@dataclass(frozen=True)
class EmployeeFacts:
    person_id: str  # a MyKad's 12 digits, or a foreign worker's SOCSO number
    nationality: Nationality
    employment_type: EmploymentType
    contributed_before_55: bool
    skbbk_opt_out: bool = False


@dataclass(frozen=True)
class Coverage:
    category: Category
    eis: bool
    skbbk: bool
    age: int | None  # None: a foreign worker named by SOCSO number, whose birth date we lack
    reasons: tuple[str, ...]


def derive_coverage(facts: EmployeeFacts, month: ContributionMonth) -> Coverage:
    """Category, EIS and SKBBK for one employee and month, with the reasons in words.

    A foreign worker's category and EIS do not depend on age, so one named by a SOCSO number
    (no MyKad, so no birth date) is priced without one.
    """
    age: int | None = None
    if id_kind(facts.person_id) is IdKind.MYKAD:
        age = age_on(facts.person_id, month.first_day)
        reasons = [f"age {age} on {month.first_day.isoformat()}"]
    elif facts.nationality is Nationality.FOREIGN:
        reasons = ["named by SOCSO number: foreign worker, no birth date on record"]
    else:
        raise NoBirthDate(msg("a person named by a SOCSO number is a foreign worker"))
    if facts.nationality is Nationality.FOREIGN or age is None:
        category = Category.SECOND
        reasons.append("foreign worker: second category (Employment Injury only)")
    elif age >= SECOND_CATEGORY_AGE:
        category = Category.SECOND
        reasons.append("60 or over: second category (Employment Injury only)")
    elif not facts.contributed_before_55:
        category = Category.SECOND
        reasons.append("first contributed at 55 or later: second category")
    else:
        category = Category.FIRST
        reasons.append("under 60: first category (Employment Injury + Invalidity)")

    if facts.nationality is Nationality.FOREIGN or age is None:
        eis = False
        reasons.append("EIS does not cover foreign workers")
    elif facts.employment_type is EmploymentType.DOMESTIC:
        eis = False
        reasons.append("EIS does not cover domestic workers")
    elif age < EIS_MIN_AGE:
        eis = False
        reasons.append("EIS covers employees from 18")
    elif age >= EIS_MAX_AGE:
        eis = False
        reasons.append("EIS covers employees under 60")
    else:
        eis = True
        reasons.append("EIS: employee aged 18 to 59")

    skbbk_in_force = schedule_in_force("skbbk", month) is not None
    if facts.skbbk_opt_out and facts.nationality is Nationality.FOREIGN:
        raise SkbbkOptOutRefused(msg("foreign workers may not opt out of SKBBK"))
    skbbk = skbbk_in_force and not facts.skbbk_opt_out
    if skbbk:
        reasons.append("SKBBK (Lindung 24 Jam) employee contribution from June 2026")
    elif skbbk_in_force:
        reasons.append("opted out of SKBBK (Malaysian or permanent resident)")
    return Coverage(category=category, eis=eis, skbbk=skbbk, age=age, reasons=tuple(reasons))
