"""What a prepayment on a day would do to a loan being repaid: the same instalment, a shorter term.

The instalment is kept and the term shortened, never the instalment lowered, because:
- the domain already reads money paid beyond the instalments due as meeting the next ones in
  order (progress.standing), and completes a loan as soon as its repayments reach what the
  schedule asks (lifecycle.after_repayment): paying early brings the end nearer, and nothing in
  it ever changes an instalment;
- the reference's tenure is a payback period fixed by the amount disbursed (data/tenure.csv),
  which repaying sooner honours ("on instalment basis adhering to the loan tenure");
- instalments are collected by Maybank direct debit instructions of a fixed amount, which stay
  right;
- on a reducing balance with each month's charge rounded half a sen up, a lower balance is
  never charged more, so the prepayment can never cost a sen more by rounding. (Re-amortising
  the balance over the same months, the other way, did: measured, a RM0.01 prepayment on a
  RM99,999.99 loan came out RM0.01 dearer.)

On the day: every instalment due by then (its due date on or before the day) is owed as
scheduled. The prepayment, with all that was repaid before, first meets those; whatever is left
beyond them is principal paid early. The balance after it is repaid at the next instalment's
amount from the next due date, each month charged on what is then outstanding, the last
instalment taking what remains; what is saved is the service charge no longer charged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from services.loan.domain.charges import service_charge_rate
from services.loan.domain.schedule import Instalment
from shared.kernel.errors import RuleCheck
from shared.kernel.i18n import msg
from shared.kernel.money import SEN, ZERO


@dataclass(frozen=True)
class Position:
    """Where a loan stands on a day against its schedule."""

    scheduled_so_far: Decimal  # the instalments due by the day, as scheduled
    balance: Decimal  # the principal the schedule still has to repay after them
    repaid: Decimal
    instalments_due: int

    @property
    def settlement(self) -> Decimal:
        """What pays the loan off that day: the instalments due not yet met, and the balance."""
        return max(self.scheduled_so_far - self.repaid + self.balance, ZERO)


@dataclass(frozen=True)
class PrepaymentEffect:
    monthly_instalment: Decimal  # the next instalment after the day (0.00 once nothing is left)
    months_left: int
    total_payable: Decimal  # the loan's whole cost: due by the day, paid early, and still to come
    saved: Decimal  # against the schedule as it stands
    instalments: tuple[Instalment, ...]  # those still to come after the prepayment


def position_on(schedule: Sequence[Instalment], *, repaid: Decimal, on: date) -> Position:
    due = [i for i in schedule if i.due_on <= on]
    return Position(
        scheduled_so_far=sum((i.amount for i in due), ZERO),
        balance=sum((i.principal for i in schedule[len(due) :]), ZERO),
        repaid=repaid,
        instalments_due=len(due),
    )


def check_prepayment(check: RuleCheck, *, prepay: Decimal, position: Position, on: date) -> None:
    """More than nothing, and never more than pays the loan off that day."""
    check.require(prepay > ZERO, "not-positive", msg("must be above 0.00"), field="prepay")
    check.require(
        prepay <= position.settlement,
        "more-than-owed",
        msg(
            "at most RM{settlement}: what pays the loan off on {on}",
            settlement=position.settlement,
            on=on.isoformat(),
        ),
        field="prepay",
    )


def at_level(
    *, balance: Decimal, level: Decimal, ahead: Sequence[Instalment], offer_accepted_on: date
) -> list[Instalment]:
    """`balance` repaid `level` a month on `ahead`'s due dates, never past its last (which
    takes whatever is left): the term can only shorten."""
    instalments: list[Instalment] = []
    for index, scheduled in enumerate(ahead):
        if balance <= ZERO:
            break
        rate = service_charge_rate(offer_accepted_on, scheduled.due_on)
        charge = (balance * rate / 12).quantize(SEN, rounding=ROUND_HALF_UP)
        last = index == len(ahead) - 1
        principal = balance if last else min(max(level - charge, ZERO), balance)
        balance -= principal
        instalments.append(
            Instalment(
                scheduled.number,
                scheduled.due_on,
                principal + charge,
                principal,
                charge,
                balance,
                rate,
            )
        )
    return instalments


def prepayment_effect(
    schedule: Sequence[Instalment],
    *,
    repaid: Decimal,
    prepay: Decimal,
    on: date,
    offer_accepted_on: date,
) -> PrepaymentEffect:
    """The loan after `prepay` on `on`, given `repaid` so far (422 naming `prepay` if it is not
    above 0.00 or is more than pays the loan off that day)."""
    position = position_on(schedule, repaid=repaid, on=on)
    check = RuleCheck()
    check_prepayment(check, prepay=prepay, position=position, on=on)
    check.raise_if_failed("The prepayment cannot be made")
    ahead = schedule[position.instalments_due :]
    early = max(repaid + prepay - position.scheduled_so_far, ZERO)
    if early > ZERO:
        to_come = at_level(
            balance=position.balance - early,
            level=ahead[0].amount,
            ahead=ahead,
            offer_accepted_on=offer_accepted_on,
        )
    else:
        # All of it meets instalments already due: the schedule ahead stays as it is.
        to_come = list(ahead)
    total = position.scheduled_so_far + early + sum((i.amount for i in to_come), ZERO)
    return PrepaymentEffect(
        monthly_instalment=to_come[0].amount if to_come else ZERO,
        months_left=len(to_come),
        total_payable=total,
        saved=sum((i.amount for i in schedule), ZERO) - total,
        instalments=tuple(to_come),
    )
