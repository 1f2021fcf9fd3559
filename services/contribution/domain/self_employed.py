"""Act 789 (Self-Employment Social Security Act 2017): the four plans, and what a payment covers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import DATA
from shared.kernel.i18n import msg


@dataclass(frozen=True)
class Plan:
    plan: int
    insured_monthly_earning: Decimal
    monthly_contribution: Decimal
    annual_contribution: Decimal


class PaymentDoesNotFitPlan(ValueError):
    """A payment must buy whole months of the chosen plan."""


@cache
def act789_plans() -> tuple[Plan, ...]:
    with (DATA / "act789_plans.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            Plan(
                plan=int(row["plan"]),
                insured_monthly_earning=Decimal(row["insured_monthly_earning"]),
                monthly_contribution=Decimal(row["monthly_contribution"]),
                annual_contribution=Decimal(row["annual_contribution"]),
            )
            for row in csv.DictReader(handle)
        )


def plan_by_number(number: int) -> Plan:
    for plan in act789_plans():
        if plan.plan == number:
            return plan
    raise ValueError(f"there is no Act 789 plan {number}")


def months_bought(plan: Plan, amount: Decimal) -> int:
    """Whole months of cover a payment buys; anything else is refused rather than guessed."""
    months, remainder = divmod(amount, plan.monthly_contribution)
    if remainder != 0 or months < 1 or months > 12:
        raise PaymentDoesNotFitPlan(
            msg(
                "RM{amount} is not 1 to 12 whole months of plan {plan} (RM{monthly_contribution} a month)",
                amount=amount,
                plan=plan.plan,
                monthly_contribution=plan.monthly_contribution,
            )
        )
    return int(months)


def coverage_months(
    start: ContributionMonth, months: int
) -> tuple[ContributionMonth, ContributionMonth]:
    """First and last month covered, consecutive from `start`."""
    return start, start.plus(months - 1)
