"""Every query of the contribution service, reached through its unit of work; nothing here commits."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from services.contribution.domain.employer_codes import could_begin_a_code
from services.contribution.domain.lifecycle import PaymentStatus, SubmissionStatus
from services.contribution.models import (
    INFRA,
    INSURED_PERSONS,
    SUBMISSION_LINES,
    SUBMISSION_WARNINGS,
    Allocation,
    Amendment,
    Employee,
    Employer,
    HousewifeRegistration,
    InsuredPerson,
    InterestDispute,
    Payment,
    Refund,
    Reversal,
    SchemePayment,
    SelfEmployedRegistration,
    Submission,
    SubmissionLine,
    SubmissionWarning,
)
from shared.kernel.money import ZERO
from shared.persistence.chunks import IN_CHUNK, among
from shared.persistence.copy import insert_rows
from shared.persistence.deadlines import DeadlineBreaches
from shared.persistence.keyset import newest_first, oldest_first
from shared.persistence.sqltypes import SenAmount
from shared.persistence.uow import UnitOfWork

# The one list not paged by cursor, an employer statement's unmatched payments, lists this many
# and says how many there are in all (`unmatched_quoting`).
LIST_LIMIT = 500


def employer_matches(q: str) -> ColumnElement[bool]:
    """An employer whose code begins with, or whose name contains, `q` in any case: written on
    `lower(...)`, the expressions the trigram indexes cover (migration f1e2d3c4b5a6). Codes are
    looked at only when `q` could begin one."""
    needle = q.lower()
    by_name = func.lower(Employer.name).contains(needle, autoescape=True)
    if not could_begin_a_code(needle):
        return by_name
    return or_(func.lower(Employer.employer_code).startswith(needle, autoescape=True), by_name)


class EmployerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, employer_code: str) -> Employer | None:
        return await self._session.get(Employer, employer_code)

    def add(self, employer: Employer) -> None:
        self._session.add(employer)

    async def search(self, q: str | None, after: str | None, limit: int) -> Sequence[Employer]:
        """Employers by code (`q` its beginning) or name (`q` anywhere), any case, in code order,
        `limit + 1` after the code `after`."""
        statement = select(Employer).order_by(Employer.employer_code).limit(limit + 1)
        if q:
            statement = statement.where(employer_matches(q))
        if after is not None:
            statement = statement.where(Employer.employer_code > after)
        return (await self._session.execute(statement)).scalars().all()


class EmployeeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, employer_code: str, ic: str) -> Employee | None:
        return await self._session.get(Employee, (employer_code, ic))

    def add(self, employee: Employee) -> None:
        self._session.add(employee)

    async def page(self, employer_code: str, after: str | None, limit: int) -> Sequence[Employee]:
        statement = (
            select(Employee)
            .where(Employee.employer_code == employer_code)
            .order_by(Employee.ic)
            .limit(limit + 1)
        )
        if after is not None:
            statement = statement.where(Employee.ic > after)
        return (await self._session.execute(statement)).scalars().all()

    async def kept_by(self, employer_code: str) -> bool:
        """Whether this employer keeps a registry at all: most do not, and a month of tens of
        thousands of lines then asks nothing more of it."""
        statement = select(Employee.ic).where(Employee.employer_code == employer_code).limit(1)
        return (await self._session.execute(statement)).first() is not None

    async def nationalities(self, employer_code: str, ics: Sequence[str]) -> dict[str, str]:
        """The nationality this employer's registry gives each of these people."""
        found: dict[str, str] = {}
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(Employee.ic, Employee.nationality).where(
                Employee.employer_code == employer_code,
                among(Employee.ic, ics[start : start + IN_CHUNK]),
            )
            found.update(
                {ic: nationality for ic, nationality in await self._session.execute(statement)}
            )
        return found

    async def left_before(self, employer_code: str, ics: Sequence[str], day: date) -> set[str]:
        """Of these people, those the registry says left this employer before `day`."""
        found: set[str] = set()
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(Employee.ic).where(
                Employee.employer_code == employer_code,
                among(Employee.ic, ics[start : start + IN_CHUNK]),
                Employee.ended_on < day,
            )
            found.update((await self._session.execute(statement)).scalars().all())
        return found


@dataclass(frozen=True)
class UnmatchedQuoting:
    """The unmatched payments listed for an employer, and all of them counted and summed."""

    payments: Sequence[Payment] = ()
    count: int = 0
    amount: Decimal = ZERO


# Statuses that still owe contributions: the partial index's condition, kept in step with it.
OWING = (SubmissionStatus.UNPAID.value, SubmissionStatus.PARTIAL.value)


def _sen(total: ColumnElement[Any]) -> ColumnElement[Decimal]:
    """A SUM of money columns read back as money (they are stored in sen), RM0.00 for none."""
    return type_coerce(func.coalesce(total, 0), SenAmount())


def _owing_past(today: date) -> ColumnElement[bool]:
    """Past its due date and not paid in full (nor voided): in arrears."""
    return and_(
        Submission.status.in_([SubmissionStatus.UNPAID.value, SubmissionStatus.PARTIAL.value]),
        Submission.due_date < today,
    )


class SubmissionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, submission: Submission) -> None:
        self._session.add(submission)

    async def owed_due_before(
        self,
        day: date,
        *,
        unless: ColumnElement[bool],
        after: tuple[date, str] | None,
        limit: int,
    ) -> Sequence[Submission]:
        """Submissions still owing, due before `day`, `unless` already raised; by due date (the
        partial index ix_submissions_owed_due)."""
        statement = select(Submission).where(
            Submission.status.in_(OWING),
            Submission.due_date < day,
            unless,
        )
        statement = oldest_first(statement, Submission.due_date, Submission.id, after, limit)
        return (await self._session.execute(statement)).scalars().all()

    async def flush(self) -> None:
        """Write the pending submission row, so its lines may refer to it."""
        await self._session.flush()

    async def insert_lines(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Lines in bulk (a month may have tens of thousands): COPY on PostgreSQL."""
        await insert_rows(self._session, SUBMISSION_LINES, rows)

    async def delete_lines(self, submission_id: str, ics: Sequence[str]) -> None:
        """A correction's removed and changed lines (their people are then free that month)."""
        for start in range(0, len(ics), IN_CHUNK):
            await self._session.execute(
                delete(SubmissionLine).where(
                    SubmissionLine.submission_id == submission_id,
                    among(SubmissionLine.ic, ics[start : start + IN_CHUNK]),
                )
            )

    async def insert_warnings(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """A return's warnings as multi-row INSERTs (a file may warn of most of its lines)."""
        if rows:
            await self._session.execute(insert(SUBMISSION_WARNINGS), list(rows))

    async def delete_warnings(self, submission_id: str, ics: Sequence[str]) -> None:
        """The warnings of a correction's removed and changed lines."""
        for start in range(0, len(ics), IN_CHUNK):
            await self._session.execute(
                delete(SubmissionWarning).where(
                    SubmissionWarning.submission_id == submission_id,
                    among(SubmissionWarning.ic, ics[start : start + IN_CHUNK]),
                )
            )

    async def wages_at(
        self, employer_code: str, month: str, ics: Sequence[str]
    ) -> dict[str, Decimal]:
        """Each of these people's wage on this employer's returns for the month: one query per
        chunk of people, never one per line (the wage-jump check reads the month before)."""
        found: dict[str, Decimal] = {}
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(SubmissionLine.ic, SubmissionLine.wage).where(
                SubmissionLine.employer_code == employer_code,
                SubmissionLine.month == month,
                among(SubmissionLine.ic, ics[start : start + IN_CHUNK]),
            )
            found.update({ic: wage for ic, wage in await self._session.execute(statement)})
        return found

    async def other_employers(
        self, employer_code: str, month: str, ics: Sequence[str]
    ) -> dict[str, list[str]]:
        """For each of these people, the other employers whose returns for the month declare
        them: one query per chunk of people."""
        found: dict[str, list[str]] = {}
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(SubmissionLine.ic, SubmissionLine.employer_code).where(
                SubmissionLine.month == month,
                among(SubmissionLine.ic, ics[start : start + IN_CHUNK]),
                SubmissionLine.employer_code != employer_code,
            )
            for ic, other in await self._session.execute(statement):
                found.setdefault(ic, []).append(other)
        return found

    def add_amendment(self, amendment: Amendment) -> None:
        self._session.add(amendment)

    async def by_reference(
        self,
        reference: str,
        *,
        for_update: bool = False,
        with_lines: bool = False,
        with_warnings: bool = False,
    ) -> Submission | None:
        statement = select(Submission).where(Submission.reference == reference)
        if with_lines:
            statement = statement.options(selectinload(Submission.lines))
        if with_warnings:
            statement = statement.options(selectinload(Submission.warnings))
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def by_ids(self, ids: Collection[str]) -> Sequence[Submission]:
        if not ids:
            return []
        statement = select(Submission).where(Submission.id.in_(ids)).order_by(Submission.id)
        return (await self._session.execute(statement)).scalars().all()

    async def by_ids_for_update(self, ids: Collection[str]) -> Sequence[Submission]:
        """Locked in id order, as every writer locks them (no deadlock)."""
        if not ids:
            return []
        statement = (
            select(Submission)
            .where(Submission.id.in_(ids))
            .order_by(Submission.id)
            .with_for_update()
        )
        return (await self._session.execute(statement)).scalars().all()

    async def of_employer_for_update(self, employer_code: str) -> Sequence[Submission]:
        """An employer's submissions, oldest month first, locked (a refund draws on their credit)."""
        statement = (
            select(Submission)
            .where(Submission.employer_code == employer_code)
            .order_by(Submission.month, Submission.id)
            .with_for_update()
        )
        return (await self._session.execute(statement)).scalars().all()

    async def by_references_for_update(self, references: Collection[str]) -> Sequence[Submission]:
        """Submissions locked for a payment; always in id order, so two writers never deadlock."""
        if not references:
            return []
        statement = (
            select(Submission)
            .where(Submission.reference.in_(references))
            .order_by(Submission.id)
            .with_for_update()
        )
        return (await self._session.execute(statement)).scalars().all()

    async def of_employer(self, employer_code: str) -> Sequence[Submission]:
        statement = (
            select(Submission)
            .where(Submission.employer_code == employer_code)
            .order_by(Submission.month, Submission.created_at)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def count_for_month(self, employer_code: str, month: str) -> int:
        statement = select(func.count()).where(
            Submission.employer_code == employer_code, Submission.month == month
        )
        return int(await self._session.scalar(statement) or 0)

    async def ics_already_submitted(
        self, employer_code: str, month: str, ics: Sequence[str]
    ) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(SubmissionLine.ic).where(
                SubmissionLine.employer_code == employer_code,
                SubmissionLine.month == month,
                among(SubmissionLine.ic, ics[start : start + IN_CHUNK]),
            )
            found.update((await self._session.execute(statement)).scalars().all())
        return found

    async def newest(
        self,
        *,
        status: str | None,
        month: str | None,
        employer_code: str | None,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> Sequence[Submission]:
        statement = newest_first(
            select(Submission), Submission.created_at, Submission.id, after, limit
        )
        if status is not None:
            statement = statement.where(Submission.status == status)
        if month is not None:
            statement = statement.where(Submission.month == month)
        if employer_code is not None:
            statement = statement.where(Submission.employer_code == employer_code)
        return (await self._session.execute(statement)).scalars().all()

    async def owing_past_due(
        self, today: date, after: tuple[date, str] | None, limit: int
    ) -> Sequence[Submission]:
        """A page of the arrears, oldest due date first: submissions past their due date not
        paid in full (nor voided), `limit + 1` after the (due date, id) `after`."""
        statement = oldest_first(
            select(Submission).where(_owing_past(today)),
            Submission.due_date,
            Submission.id,
            after,
            limit + 1,
        )
        return (await self._session.execute(statement)).scalars().all()

    async def arrears_due_between(
        self, today: date, first: date | None = None, last: date | None = None
    ) -> tuple[int, int, Decimal]:
        """Submissions in arrears due from `first` to `last` (None: no bound): how many
        employers, how many submissions and the contributions outstanding, in one aggregate
        (the page of arrears shows some; this counts all)."""
        contributions_paid = Submission.amount_paid - Submission.interest_paid
        owed = Submission.total + Submission.refunded - contributions_paid
        statement = select(
            func.count(func.distinct(Submission.employer_code)),
            func.count(),
            _sen(func.sum(case((owed > 0, owed), else_=0))),
        ).where(_owing_past(today))
        if first is not None:
            statement = statement.where(Submission.due_date >= first)
        if last is not None:
            statement = statement.where(Submission.due_date <= last)
        employers, submissions, outstanding = (await self._session.execute(statement)).one()
        return int(employers), int(submissions), outstanding

    async def employers_in_arrears(
        self, today: date, after: str | None, limit: int
    ) -> Sequence[str]:
        """A page of the employers with a submission in arrears, by code, `limit + 1`."""
        statement = (
            select(Submission.employer_code)
            .where(_owing_past(today))
            .group_by(Submission.employer_code)
            .order_by(Submission.employer_code)
            .limit(limit + 1)
        )
        if after is not None:
            statement = statement.where(Submission.employer_code > after)
        return (await self._session.execute(statement)).scalars().all()

    async def arrears_of(self, today: date, employer_codes: Sequence[str]) -> Sequence[Submission]:
        """These employers' submissions in arrears."""
        if not employer_codes:
            return []
        statement = (
            select(Submission)
            .where(_owing_past(today), Submission.employer_code.in_(employer_codes))
            .order_by(Submission.employer_code, Submission.due_date)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def lines_of_person(self, ic: str) -> Sequence[SubmissionLine]:
        statement = (
            select(SubmissionLine)
            .where(SubmissionLine.ic == ic)
            .order_by(SubmissionLine.month, SubmissionLine.employer_code)
        )
        return (await self._session.execute(statement)).scalars().all()


class PersonRepository:
    """Insured persons as the platform first met them, and the self-employed and housewives."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, ic: str) -> InsuredPerson | None:
        return await self._session.get(InsuredPerson, ic)

    async def known(self, ics: Sequence[str]) -> dict[str, InsuredPerson]:
        people: dict[str, InsuredPerson] = {}
        for start in range(0, len(ics), IN_CHUNK):
            statement = select(InsuredPerson).where(
                among(InsuredPerson.ic, ics[start : start + IN_CHUNK])
            )
            for person in (await self._session.execute(statement)).scalars().all():
                people[person.ic] = person
        return people

    async def insert_newcomers(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """People first met, in bulk (a new employer's first month brings them all)."""
        await insert_rows(self._session, INSURED_PERSONS, rows)

    async def remember_nationalities(self, stated: Mapping[str, str]) -> None:
        """The nationality a submission stated for each person, kept for the next one."""
        by_value: dict[str, list[str]] = {}
        for ic, nationality in stated.items():
            by_value.setdefault(nationality, []).append(ic)
        for nationality, ics in by_value.items():
            for start in range(0, len(ics), IN_CHUNK):
                await self._session.execute(
                    update(InsuredPerson)
                    .where(among(InsuredPerson.ic, ics[start : start + IN_CHUNK]))
                    .values(nationality=nationality)
                    .execution_options(synchronize_session=False)
                )

    async def self_employed(self, ic: str) -> SelfEmployedRegistration | None:
        return await self._session.get(SelfEmployedRegistration, ic)

    async def housewife(self, ic: str) -> HousewifeRegistration | None:
        return await self._session.get(HousewifeRegistration, ic)

    def add(self, registration: SelfEmployedRegistration | HousewifeRegistration) -> None:
        self._session.add(registration)

    def add_scheme_payment(self, payment: SchemePayment) -> None:
        self._session.add(payment)

    async def scheme_payments(self, scheme: str, ic: str) -> Sequence[SchemePayment]:
        statement = (
            select(SchemePayment)
            .where(SchemePayment.scheme == scheme, SchemePayment.ic == ic)
            .order_by(SchemePayment.paid_at)
        )
        return (await self._session.execute(statement)).scalars().all()


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, payment: Payment) -> None:
        self._session.add(payment)

    async def by_bank_txns(self, bank_txns: Collection[tuple[str, str]]) -> Sequence[Payment]:
        """The payments already recorded for these (bank_code, bank_txn_id) pairs."""
        if not bank_txns:
            return []
        by_bank: dict[str, list[str]] = {}
        for bank_code, bank_txn_id in bank_txns:
            by_bank.setdefault(bank_code, []).append(bank_txn_id)
        statement = select(Payment).where(
            or_(
                *(
                    and_(Payment.bank_code == bank_code, Payment.bank_txn_id.in_(txn_ids))
                    for bank_code, txn_ids in by_bank.items()
                )
            )
        )
        return (await self._session.execute(statement)).scalars().all()

    async def get(self, payment_id: str, *, for_update: bool = False) -> Payment | None:
        """One payment; `for_update` locks it (two allocations of it never both spend it)."""
        statement = select(Payment).where(Payment.payment_id == payment_id)
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalars().first()

    async def reversal_of_txn(self, bank_code: str, bank_txn_id: str) -> Reversal | None:
        statement = select(Reversal).where(
            Reversal.bank_code == bank_code, Reversal.bank_txn_id == bank_txn_id
        )
        return (await self._session.execute(statement)).scalars().first()

    async def original_for_update(self, bank_code: str, bank_txn_id: str) -> Payment | None:
        """The payment a reversal names, locked."""
        statement = (
            select(Payment)
            .where(Payment.bank_code == bank_code, Payment.bank_txn_id == bank_txn_id)
            .with_for_update()
        )
        return (await self._session.execute(statement)).scalars().first()

    async def allocations_of(self, payment_id: str) -> Sequence[Allocation]:
        statement = select(Allocation).where(Allocation.payment_id == payment_id)
        return (await self._session.execute(statement)).scalars().all()

    def add_reversal(self, reversal: Reversal) -> None:
        self._session.add(reversal)

    def add_allocation(self, allocation: Allocation) -> None:
        self._session.add(allocation)

    def add_refund(self, refund: Refund) -> None:
        self._session.add(refund)

    async def allocations_to(self, submission_ids: Sequence[str]) -> Sequence[Allocation]:
        if not submission_ids:
            return []
        statement = (
            select(Allocation)
            .where(Allocation.submission_id.in_(submission_ids))
            .order_by(Allocation.allocated_at, Allocation.id)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def refunds_of(self, employer_code: str) -> Sequence[Refund]:
        statement = (
            select(Refund)
            .where(Refund.employer_code == employer_code)
            .order_by(Refund.refunded_at, Refund.id)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def paid_between(self, start: datetime, end: datetime) -> Sequence[Any]:
        """(bank_code, paid_at, amount) of the payments paid in [start, end), reversals left out."""
        statement = select(Payment.bank_code, Payment.paid_at, Payment.amount).where(
            Payment.paid_at >= start,
            Payment.paid_at < end,
            Payment.status != PaymentStatus.REVERSED.value,
        )
        return (await self._session.execute(statement)).all()

    async def unmatched_money(self) -> Sequence[Any]:
        """(received_at, amount, allocated_amount) of every payment still unmatched."""
        statement = select(Payment.received_at, Payment.amount, Payment.allocated_amount).where(
            Payment.status == PaymentStatus.UNMATCHED.value
        )
        return (await self._session.execute(statement)).all()

    async def page(
        self,
        status: str | None,
        after: tuple[datetime, str] | None,
        limit: int,
        *,
        bank_code: str | None = None,
        received: tuple[datetime, datetime] | None = None,
    ) -> Sequence[Payment]:
        """The reconciliation queue: oldest received first, `limit + 1` after the key; by
        status, bank and the instants [start, end) it was received in."""
        statement = select(Payment).order_by(Payment.received_at, Payment.payment_id)
        if status is not None:
            statement = statement.where(Payment.status == status)
        if bank_code is not None:
            statement = statement.where(Payment.bank_code == bank_code)
        if received is not None:
            statement = statement.where(
                Payment.received_at >= received[0], Payment.received_at < received[1]
            )
        if after is not None:
            at, last_id = after
            statement = statement.where(
                or_(
                    Payment.received_at > at,
                    and_(Payment.received_at == at, Payment.payment_id > last_id),
                )
            )
        return (await self._session.execute(statement.limit(limit + 1))).scalars().all()

    async def of_submissions(self, submission_ids: Sequence[str]) -> Sequence[Payment]:
        if not submission_ids:
            return []
        statement = (
            select(Payment)
            .where(Payment.submission_id.in_(submission_ids))
            .order_by(Payment.paid_at, Payment.received_at)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def unmatched_quoting(self, employer_code: str) -> UnmatchedQuoting:
        """Unmatched payments that quote this employer (one of its references, which begin with
        its code, or the code itself): the oldest `LIST_LIMIT`, and how many there are and their
        sum whatever is listed, in the same statement (window aggregates before the limit)."""
        statement = (
            select(
                Payment,
                func.count().over().label("count"),
                type_coerce(func.sum(Payment.amount).over(), SenAmount()).label("amount"),
            )
            .where(
                Payment.status == PaymentStatus.UNMATCHED.value,
                or_(
                    Payment.reference == employer_code,
                    Payment.reference.startswith(f"{employer_code}-", autoescape=True),
                ),
            )
            .order_by(Payment.received_at, Payment.payment_id)
            .limit(LIST_LIMIT)
        )
        rows = (await self._session.execute(statement)).all()
        if not rows:
            return UnmatchedQuoting()
        first = rows[0]
        return UnmatchedQuoting([r[0] for r in rows], int(first[1]), first[2])

    async def received_since(self, since: datetime, limit: int) -> Sequence[Payment]:
        """The newest `limit` payments received since an instant."""
        statement = (
            select(Payment)
            .where(Payment.received_at >= since)
            .order_by(Payment.received_at.desc(), Payment.payment_id.desc())
            .limit(limit)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def received_total(self, since: datetime) -> tuple[int, Decimal]:
        """How many payments arrived since an instant and their sum: all of them, in one
        aggregate (the list above shows the newest)."""
        statement = select(func.count(), _sen(func.sum(Payment.amount))).where(
            Payment.received_at >= since
        )
        count, total = (await self._session.execute(statement)).one()
        return int(count), total


class DisputeRepository:
    """Late interest under appeal, by the assessment's event id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, dispute: InterestDispute) -> None:
        self._session.add(dispute)

    async def get_for_update(self, assessment_event_id: str) -> InterestDispute | None:
        statement = (
            select(InterestDispute)
            .where(InterestDispute.assessment_event_id == assessment_event_id)
            .with_for_update()
        )
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def of_submissions(self, submission_ids: Sequence[str]) -> Sequence[InterestDispute]:
        if not submission_ids:
            return []
        found: list[InterestDispute] = []
        for start in range(0, len(submission_ids), IN_CHUNK):
            statement = (
                select(InterestDispute)
                .where(
                    among(InterestDispute.submission_id, submission_ids[start : start + IN_CHUNK])
                )
                .order_by(InterestDispute.opened_at, InterestDispute.assessment_event_id)
            )
            found.extend((await self._session.execute(statement)).scalars())
        return found


class ContributionUnitOfWork(UnitOfWork):
    """The contribution service's transaction, with its repositories."""

    employers: EmployerRepository
    submissions: SubmissionRepository
    breaches: DeadlineBreaches
    persons: PersonRepository
    payments: PaymentRepository
    employees: EmployeeRepository
    disputes: DisputeRepository

    def bind(self, session: AsyncSession) -> None:
        self.disputes = DisputeRepository(session)
        self.breaches = DeadlineBreaches(session, INFRA.deadline_breaches)
        self.employees = EmployeeRepository(session)
        self.employers = EmployerRepository(session)
        self.submissions = SubmissionRepository(session)
        self.persons = PersonRepository(session)
        self.payments = PaymentRepository(session)
