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
from services.contribution.repository import ContributionUnitOfWork, UnmatchedQuoting
from services.contribution.usecases.employers import load as load_employer
from services.contribution.usecases.submissions import interest_accruing
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO
from shared.web.auth import Principal


@dataclass(frozen=True)
class StatementLine:
    submission: Submission
    outstanding: Decimal
    late_interest_assessed: Decimal
    # Assessed interest is a debt: what payments settled of it, and what is still owed.
    interest_paid: Decimal
    interest_owed: Decimal
    # Unpaid interest under appeal: frozen, neither owed nor forgiven until the Board decides.
    interest_disputed: Decimal
    days_overdue: int
    interest_accruing: Decimal
    # What was paid beyond the contributions and the interest: the employer's, held as credit.
    credit: Decimal


@dataclass
class StatementTotals:
    """contributions + late_interest_assessed + credit_balance + refunded
    = paid + outstanding + interest_owed + interest_disputed + interest_waived
    + interest_cancelled: every sen received is on the statement."""

    contributions: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    late_interest_assessed: Decimal = ZERO
    interest_paid: Decimal = ZERO
    interest_owed: Decimal = ZERO
    interest_accruing: Decimal = ZERO
    credit_balance: Decimal = ZERO
    refunded: Decimal = ZERO
    interest_waived: Decimal = ZERO
    interest_disputed: Decimal = ZERO
    interest_cancelled: Decimal = ZERO

    @property
    def amount_due(self) -> Decimal:
        """What the employer is asked to pay now: contributions outstanding and interest owed."""
        return self.outstanding + self.interest_owed


@dataclass(frozen=True)
class Statement:
    employer: Employer
    as_of: date
    lines: list[StatementLine]
    payments: Sequence[Payment]
    # Payments quoting the employer that match no submission: the oldest listed, all counted.
    unmatched: UnmatchedQuoting = field(default_factory=UnmatchedQuoting)
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
    unmatched = await uow.payments.unmatched_quoting(employer.employer_code)
    statement = Statement(employer, today, [], payments, unmatched)
    totals = statement.totals
    for s in submissions:
        account = s.account
        days_overdue, accruing = interest_accruing(
            outstanding=account.outstanding, due=s.due_date, today=today, policy=policy
        )
        statement.lines.append(
            StatementLine(
                s,
                outstanding=account.outstanding,
                late_interest_assessed=s.interest_assessed,
                interest_paid=s.interest_paid,
                interest_owed=account.interest_owed,
                interest_disputed=account.interest_frozen,
                days_overdue=days_overdue,
                interest_accruing=accruing,
                credit=account.credit,
            )
        )
        totals.contributions += s.total
        totals.paid += s.amount_paid
        totals.outstanding += account.outstanding
        totals.late_interest_assessed += s.interest_assessed
        totals.interest_paid += s.interest_paid
        totals.interest_owed += account.interest_owed
        totals.interest_accruing += accruing
        totals.credit_balance += account.credit
        totals.refunded += s.refunded
        totals.interest_waived += s.interest_waived
        totals.interest_disputed += account.interest_frozen
        totals.interest_cancelled += s.interest_cancelled
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
        raise NotFound(msg("Insured person not found"))


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
        raise NotFound(msg("Insured person not found"))
    return record
