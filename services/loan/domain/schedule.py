"""Repayment: tenure from the amount, the first due date, and an instalment schedule with the service charge.

Method: reducing balance. The reference charges the rate "per annum on the total outstanding amount",
so each month's charge is the outstanding principal x rate / 12, and equal monthly instalments amortise
principal and charge over the tenure (re-amortised if the rate changes, as it did on 1 January 2013).
Instalments are rounded up to the sen, and the last instalment absorbs the rounding, so the schedule
sums exactly to the total payable.

First instalment: "due on the first day of the twelfth month from the month of the final loan
disbursement": the final disbursement month plus twelve months (June 2027 -> 1 June 2028).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from services.loan.domain.charges import service_charge_rate
from services.loan.domain.tables import tenure_months
from shared.kernel.money import SEN, ZERO

MONTHS_BEFORE_FIRST_INSTALMENT = 12


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def first_instalment_due(final_disbursement_month: date) -> date:
    return add_months(final_disbursement_month.replace(day=1), MONTHS_BEFORE_FIRST_INSTALMENT)


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    amount: Decimal
    principal: Decimal
    charge: Decimal
    balance_after: Decimal
    rate: Decimal


def _level_payment(principal: Decimal, monthly_rate: Decimal, months: int) -> Decimal:
    if monthly_rate == 0:
        return (principal / months).quantize(SEN, rounding=ROUND_CEILING)
    factor = (1 + monthly_rate) ** months
    return (principal * monthly_rate * factor / (factor - 1)).quantize(SEN, rounding=ROUND_CEILING)


def instalment_schedule(
    *, amount: Decimal, offer_accepted_on: date, final_disbursement_month: date
) -> list[Instalment]:
    """Every instalment with its due date, principal, service charge and the balance after it."""
    months = tenure_months(amount)
    first_due = first_instalment_due(final_disbursement_month)
    balance = amount
    schedule: list[Instalment] = []
    payment = ZERO
    current_rate: Decimal | None = None
    for number in range(1, months + 1):
        due = add_months(first_due, number - 1)
        rate = service_charge_rate(offer_accepted_on, due)
        if rate != current_rate:
            current_rate = rate
            payment = _level_payment(balance, rate / 12, months - number + 1)
        charge = (balance * rate / 12).quantize(SEN, rounding=ROUND_HALF_UP)
        if number == months:
            principal = balance
            this_payment = principal + charge
        else:
            principal = min(payment - charge, balance)
            this_payment = principal + charge
        balance -= principal
        schedule.append(Instalment(number, due, this_payment, principal, charge, balance, rate))
    return schedule


@dataclass(frozen=True)
class Quote:
    tenure_months: int
    first_instalment_due: date
    service_charge_rate: Decimal
    monthly_instalment: Decimal
    total_payable: Decimal


def quote(*, amount: Decimal, offer_accepted_on: date, final_disbursement_month: date) -> Quote:
    schedule = instalment_schedule(
        amount=amount,
        offer_accepted_on=offer_accepted_on,
        final_disbursement_month=final_disbursement_month,
    )
    return Quote(
        tenure_months=len(schedule),
        first_instalment_due=schedule[0].due_on,
        service_charge_rate=schedule[0].rate,
        monthly_instalment=schedule[0].amount,
        total_payable=sum((i.amount for i in schedule), ZERO),
    )
