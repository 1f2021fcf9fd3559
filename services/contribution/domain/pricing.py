"""Pricing a month's lines: each line's category and EIS derived from the facts, an officer's
override applied, its amounts from the schedules; every problem of the submission gathered.

A line is priced a chunk at a time, so a 100,000-line file never holds every priced line at
once; problems are gathered across all chunks (an employee twice in the file is found whichever
chunks the two lines are in), so the caller can report every one of them together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from services.contribution.domain.bulk_returns import IMPLAUSIBLE_AGE, age_problem
from services.contribution.domain.calculator import Category, ContributionBreakdown, calculate
from services.contribution.domain.coverage import (
    LATE_ENTRY_AGE,
    EmployeeFacts,
    EmploymentType,
    Nationality,
    derive_coverage,
)
from services.contribution.domain.months import ContributionMonth
from shared.kernel.errors import Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import age_on
from shared.kernel.money import ZERO
from shared.kernel.person_id import IdKind, id_kind


class LineFacts(Protocol):
    """What pricing needs of each line: a JSON body's line, or a text file's checked line."""

    @property
    def person_id(self) -> str: ...  # a MyKad's 12 digits, or a foreign worker's SOCSO number
    @property
    def ids_given(self) -> int: ...  # how many of MyKad and SOCSO number the line gave (one)
    @property
    def name(self) -> str: ...
    @property
    def wage(self) -> Decimal: ...
    @property
    def nationality(self) -> str | None: ...  # None: as the service knows them, else Malaysian
    @property
    def employment_type(self) -> str: ...
    @property
    def skbbk_opt_out(self) -> bool: ...
    @property
    def category(self) -> str | None: ...
    @property
    def eis(self) -> bool | None: ...


@dataclass(frozen=True)
class PricedLine:
    line_no: int
    line: LineFacts
    category: Category
    eis: bool
    skbbk: bool
    overridden: bool
    breakdown: ContributionBreakdown
    reasons: list[str]
    # The nationality priced: the line's, else the one remembered, else Malaysian.
    nationality: Nationality = Nationality.MALAYSIAN


AMOUNT_NAMES = (
    "socso_employer",
    "socso_employee",
    "eis_employer",
    "eis_employee",
    "skbbk_employee",
)


@dataclass(frozen=True)
class Amounts:
    """The five amounts a line or a submission owes, and their total."""

    socso_employer: Decimal
    socso_employee: Decimal
    eis_employer: Decimal
    eis_employee: Decimal
    skbbk_employee: Decimal

    @property
    def total(self) -> Decimal:
        return (
            self.socso_employer
            + self.socso_employee
            + self.eis_employer
            + self.eis_employee
            + self.skbbk_employee
        )

    @classmethod
    def none(cls) -> Amounts:
        return cls(ZERO, ZERO, ZERO, ZERO, ZERO)

    @classmethod
    def of(cls, b: ContributionBreakdown) -> Amounts:
        return cls(
            socso_employer=b.socso.employer,
            socso_employee=b.socso.employee,
            eis_employer=b.eis.employer if b.eis else ZERO,
            eis_employee=b.eis.employee if b.eis else ZERO,
            skbbk_employee=b.skbbk_employee or ZERO,
        )

    def plus(self, rows: Sequence[Mapping[str, Any]]) -> Amounts:
        """These amounts with each row's own added (rows carry the five amounts by name)."""
        sums: list[Decimal] = []
        for name in AMOUNT_NAMES:
            total: Decimal = getattr(self, name)
            for row in rows:
                total += row[name]
            sums.append(total)
        return Amounts(*sums)


def known_nationality(
    person_id: str, stated: str | None, remembered: Mapping[str, str]
) -> Nationality:
    """A line's own nationality; when it states none (a text file never does), the one a
    submission last stated for this person; else foreign for a SOCSO number (only foreign
    workers have one instead of a MyKad) and Malaysian for a MyKad."""
    if stated is not None:
        return Nationality(stated)
    if person_id in remembered:
        return Nationality(remembered[person_id])
    if id_kind(person_id) is IdKind.SOCSO_NUMBER:
        return Nationality.FOREIGN
    return Nationality.MALAYSIAN


def identity_problems(line: LineFacts, field: str) -> list[Violation]:
    """A line names one person, by MyKad or SOCSO number; a SOCSO number is a foreign worker's."""
    if line.ids_given == 0:
        return [
            Violation(field=f"{field}.ic", message=msg("give the MyKad (ic) or the socso_number"))
        ]
    if line.ids_given > 1:
        return [
            Violation(
                field=f"{field}.socso_number",
                message=msg("give the MyKad (ic) or the socso_number, not both"),
            )
        ]
    stated = line.nationality
    if id_kind(line.person_id) is IdKind.SOCSO_NUMBER and stated not in (None, "foreign"):
        return [
            Violation(
                field=f"{field}.nationality",
                message=msg(
                    "a person named by a SOCSO number is a foreign worker; a Malaysian or permanent resident is named by MyKad"
                ),
            )
        ]
    return []


def contributed_before_55(person_id: str, first_age: int | None, month: ContributionMonth) -> bool:
    """Whether the person first contributed before 55 (Act 4: from 55, the second category): as
    first recorded, else as of this month, a newcomer's first contribution being this one. A
    SOCSO number gives no age (and a foreign worker's category does not turn on it). The one
    rule for a submission's pricing and a text file's checks."""
    if first_age is None and id_kind(person_id) is IdKind.MYKAD:
        first_age = age_on(person_id, month.first_day)
    return first_age is None or first_age < LATE_ENTRY_AGE


class LinePricer:
    """Prices a month's lines, gathering every problem; `may_override` says whether the caller
    (an officer) may set category and EIS themself, and `who` names them in the reasons."""

    def __init__(
        self,
        *,
        month: ContributionMonth,
        first_ages: Mapping[str, int | None],
        may_override: bool,
        who: str,
        nationalities: Mapping[str, str] | None = None,
    ) -> None:
        self.month = month
        self.first_ages = first_ages
        self.nationalities = nationalities or {}
        self.may_override = may_override
        self.who = who
        self.problems: list[Violation] = []
        self._seen: set[str] = set()

    def _contributed_before_55(self, person_id: str) -> bool:
        return contributed_before_55(person_id, self.first_ages.get(person_id), self.month)

    def price(self, lines: Sequence[LineFacts], *, first_index: int) -> list[PricedLine]:
        priced: list[PricedLine] = []
        for index, line in enumerate(lines, start=first_index):
            result = self._price_one(index, line)
            if result is not None:
                priced.append(result)
        return priced

    def _price_one(self, index: int, line: LineFacts) -> PricedLine | None:
        field = f"lines[{index}]"
        problems = identity_problems(line, field)
        if problems:
            self.problems.extend(problems)
            return None
        too_young_or_old = age_problem(line.person_id, self.month)
        if too_young_or_old is not None:
            self.problems.append(
                Violation(field=f"{field}.ic", code=IMPLAUSIBLE_AGE, message=too_young_or_old)
            )
            return None
        if line.person_id in self._seen:
            self.problems.append(
                Violation(
                    field=f"{field}.ic",
                    message=msg("this employee appears twice in the submission"),
                )
            )
            return None
        self._seen.add(line.person_id)
        overriding = line.category is not None or line.eis is not None
        if overriding and not self.may_override:
            self.problems.append(
                Violation(
                    field=f"{field}.category",
                    message=msg("only an officer may override category or eis"),
                )
            )
            return None
        month = self.month
        nationality = known_nationality(line.person_id, line.nationality, self.nationalities)
        facts = EmployeeFacts(
            person_id=line.person_id,
            nationality=nationality,
            employment_type=EmploymentType(line.employment_type),
            contributed_before_55=self._contributed_before_55(line.person_id),
            skbbk_opt_out=line.skbbk_opt_out,
        )
        try:
            coverage = derive_coverage(facts, month)
        except ValueError as exc:
            self.problems.append(Violation(field=f"{field}.skbbk_opt_out", message=message_of(exc)))
            return None
        category = Category(line.category) if line.category is not None else coverage.category
        eis = line.eis if line.eis is not None else coverage.eis
        breakdown = calculate(
            wage=line.wage, category=category, eis=eis, month=month, skbbk=coverage.skbbk
        )
        reasons = list(coverage.reasons)
        if overriding:
            reasons.append(f"officer {self.who} overrode: category={category.value}, eis={eis}")
        return PricedLine(
            index + 1,
            line,
            category,
            eis,
            coverage.skbbk,
            overriding,
            breakdown,
            reasons,
            nationality,
        )
