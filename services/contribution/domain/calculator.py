"""What a wage costs in contributions: the band row, the ceiling, the category and the schemes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import (
    NoScheduleInForce,
    ceiling_for,
    schedule_in_force,
)
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO


class Category(StrEnum):
    """First: Employment Injury + Invalidity. Second: Employment Injury only, employer pays."""

    FIRST = "first"
    SECOND = "second"


@dataclass(frozen=True)
class Split:
    employer: Decimal
    employee: Decimal
    total: Decimal


NOTHING = Split(ZERO, ZERO, ZERO)


@dataclass(frozen=True)
class ContributionBreakdown:
    wage: Decimal
    band_above: Decimal
    band_up_to: Decimal | None
    ceiling: Decimal
    socso: Split
    eis: Split | None
    skbbk_employee: Decimal | None
    explanation: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        eis_total = self.eis.total if self.eis else ZERO
        return self.socso.total + eis_total + (self.skbbk_employee or ZERO)


def contributions(
    *, wage: Decimal, category: Category, eis: bool, month: ContributionMonth, skbbk: bool = True
) -> ContributionBreakdown:
    """Contributions for one month's wage. Wages above the ceiling pay the ceiling's band."""
    ceiling = ceiling_for(month)
    act4 = schedule_in_force("act4", month)
    eis_table = schedule_in_force("eis", month)
    if act4 is None or eis_table is None:
        raise NoScheduleInForce(msg("no contribution schedule is shipped for {month}", month=month))
    if wage <= 0:
        return ContributionBreakdown(
            wage,
            ZERO,
            ZERO,
            ceiling.amount,
            NOTHING,
            NOTHING if eis else None,
            ZERO if skbbk else None,
            ("no wages were paid, so no contribution is due",),
        )
    capped = min(wage, ceiling.amount)
    explanation = [f"ceiling for {month}: RM{ceiling.amount} ({ceiling.note})"]
    if capped < wage:
        explanation.append(f"wage RM{wage} exceeds the ceiling: the ceiling's band applies")
    row = act4.band(capped)
    band = f"exceeding RM{row.above}" + (f", not exceeding RM{row.up_to}" if row.up_to else "")
    explanation.append(f"{act4.file} line {row.line}: {band}")
    if category is Category.FIRST:
        socso = Split(
            row.amounts["first_employer"], row.amounts["first_employee"], row.amounts["first_total"]
        )
        explanation.append(
            f"first category (Employment Injury + Invalidity): employer RM{socso.employer}, employee RM{socso.employee}"
        )
    else:
        employer = row.amounts["second_employer"]
        socso = Split(employer, ZERO, employer)
        explanation.append(f"second category (Employment Injury only): employer pays RM{employer}")
    eis_split: Split | None = None
    if eis:
        eis_row = eis_table.band(capped)
        eis_split = Split(
            eis_row.amounts["employer"], eis_row.amounts["employee"], eis_row.amounts["total"]
        )
        explanation.append(
            f"{eis_table.file} line {eis_row.line}: EIS employer RM{eis_split.employer}, employee RM{eis_split.employee}"
        )
    skbbk_amount: Decimal | None = None
    skbbk_table = schedule_in_force("skbbk", month)
    if skbbk and skbbk_table is not None:
        skbbk_row = skbbk_table.band(capped)
        skbbk_amount = skbbk_row.amounts["skbbk_employee"]
        explanation.append(
            f"{skbbk_table.file} line {skbbk_row.line}: SKBBK employee RM{skbbk_amount}"
        )
    return ContributionBreakdown(
        wage=wage,
        band_above=row.above,
        band_up_to=row.up_to,
        ceiling=ceiling.amount,
        socso=socso,
        eis=eis_split,
        skbbk_employee=skbbk_amount,
        explanation=tuple(explanation),
    )


# Memoised where it is called: the answer depends on nothing but the arguments, and a payroll or
# a text file asks about the same wages again and again (the 100,000-line file's checks and its
# pricing each asked once per line); amounts arrive quantised to the sen, so equal wages print
# alike too. The rule itself, `contributions`, stays a plain function, which mutation testing
# reaches (it leaves decorated functions alone).
calculate = lru_cache(maxsize=16_384)(contributions)
