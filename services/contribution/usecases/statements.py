"""What an employer owes and paid, and one person's record across employers and schemes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.interest import InterestPolicy
from services.contribution.models import (
    Employer,
    HousewifeRegistration,
    InsuredPerson,
    Payment,
    SelfEmployedRegistration,
    Submission,
    SubmissionLine,
)
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.usecases.employers import load as load_employer
from services.contribution.usecases.submissions import interest_accruing
from shared.kernel.errors import NotFound
from shared.kernel.money import ZERO
from shared.web.auth import Principal


@dataclass(frozen=True)
class StatementLine:
    submission: Submission
    outstanding: Decimal
    late_interest_assessed: Decimal
    days_overdue: int
    interest_accruing: Decimal
    # What was paid beyond the submission's total: the employer's, held as credit.
    credit: Decimal


@dataclass
class StatementTotals:
    contributions: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    late_interest_assessed: Decimal = ZERO
    interest_accruing: Decimal = ZERO
    credit_balance: Decimal = ZERO


@dataclass(frozen=True)
class Statement:
    employer: Employer
    as_of: date
    lines: list[StatementLine]
    payments: Sequence[Payment]
    unmatched_payments: Sequence[Payment] = ()
    totals: StatementTotals = field(default_factory=StatementTotals)


async def employer_statement(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    today: date,
    policy: InterestPolicy,
) -> Statement:
    """Submissions, payments, outstanding amounts, interest assessed and interest still accruing."""
    access.ensure_may_act_for_employer(principal, employer_code, write=False)
    employer = await load_employer(uow, employer_code)
    submissions = await uow.submissions.of_employer(employer.employer_code)
    payments = await uow.payments.of_submissions([s.id for s in submissions])
    assessed_by_submission: dict[str, Decimal] = {}
    for payment in payments:
        if payment.submission_id:
            assessed_by_submission[payment.submission_id] = (
                assessed_by_submission.get(payment.submission_id, ZERO) + payment.late_interest
            )
    unmatched = await uow.payments.unmatched_quoting(employer.employer_code)
    statement = Statement(employer, today, [], payments, unmatched)
    totals = statement.totals
    for s in submissions:
        outstanding = max(s.total - s.amount_paid, ZERO)
        credit = max(s.amount_paid - s.total, ZERO)
        days_overdue, accruing = interest_accruing(
            outstanding=outstanding, due=s.due_date, today=today, policy=policy
        )
        assessed = assessed_by_submission.get(s.id, ZERO)
        statement.lines.append(
            StatementLine(s, outstanding, assessed, days_overdue, accruing, credit)
        )
        totals.contributions += s.total
        totals.paid += s.amount_paid
        totals.outstanding += outstanding
        totals.late_interest_assessed += assessed
        totals.interest_accruing += accruing
        totals.credit_balance += credit
    # Every sen received is on the statement: contributions + credit = paid + outstanding.
    return statement


@dataclass(frozen=True)
class PersonRecord:
    ic: str
    person: InsuredPerson | None
    lines: Sequence[SubmissionLine]
    self_employed: SelfEmployedRegistration | None
    housewife: HousewifeRegistration | None

    @property
    def name(self) -> str:
        for record in (self.person, self.self_employed, self.housewife):
            if record is not None:
                return record.name
        raise NotFound("Insured person not found")


async def person_contributions(
    uow: ContributionUnitOfWork, *, principal: Principal, ic: str
) -> PersonRecord:
    """One person's contribution record across employers and schemes (the gateway's summary uses it)."""
    access.ensure_may_read_person(principal, ic)
    record = PersonRecord(
        ic=ic,
        person=await uow.persons.get(ic),
        lines=await uow.submissions.lines_of_person(ic),
        self_employed=await uow.persons.self_employed(ic),
        housewife=await uow.persons.housewife(ic),
    )
    if record.person is None and record.self_employed is None and record.housewife is None:
        raise NotFound("Insured person not found")
    return record
