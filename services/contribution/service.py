"""Use cases of the contribution service: one transaction each, events recorded in it."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.contribution import events, repository
from services.contribution.domain.calculator import Category, ContributionBreakdown, calculate
from services.contribution.domain.coverage import (
    EmployeeFacts,
    EmploymentType,
    Nationality,
    derive_coverage,
)
from services.contribution.domain.due_dates import State, due_date
from services.contribution.domain.interest import InterestPolicy, late_interest
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.references import build_reference
from services.contribution.domain.schedules import NoScheduleInForce
from services.contribution.models import (
    INSURED_PERSONS,
    SUBMISSION_LINES,
    Employer,
    InsuredPerson,
    Submission,
)
from services.contribution.schemas import CategoryIn, EmploymentTypeIn, NationalityIn
from shared.kernel import jsonutil
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, Forbidden, NotFound, RuleViolated, Violation
from shared.kernel.ic import age_on, mask_ic
from shared.kernel.money import ZERO
from shared.persistence.uow import UnitOfWork
from shared.web.auth import Principal, Role


@contextlib.contextmanager
def month_in_force(month: ContributionMonth) -> Iterator[None]:
    """A month no shipped schedule covers is the client's mistake: 422 naming `month`."""
    try:
        yield
    except NoScheduleInForce as exc:
        raise RuleViolated(
            str(exc), violations=[Violation(field="month", message=str(exc))]
        ) from exc


# A submission's persons travel in parts so no event outgrows NATS's 1 MB message limit.
EVENT_PERSONS_PER_PART = 2000
INSERT_CHUNK = 5000


def ensure_may_act_for_employer(principal: Principal, employer_code: str, *, write: bool) -> None:
    """An employer acts only for itself; another employer's resource is answered 404."""
    if principal.role is Role.OFFICER:
        return
    if principal.role is Role.DASHBOARD and not write:
        return
    if principal.role is Role.EMPLOYER:
        if principal.employer_code == employer_code:
            return
        raise NotFound(f"Employer {employer_code} not found")
    raise Forbidden(f"Role '{principal.role.value}' may not use employer resources")


async def register_employer(
    uow: UnitOfWork, *, employer_code: str, name: str, state: str, mycoid: str | None
) -> Employer:
    """Register an employer (officers only)."""
    try:
        State(state)
    except ValueError as exc:
        raise RuleViolated(
            "Unknown state",
            violations=[Violation(field="state", message=f"unknown state code {state!r}")],
        ) from exc
    async with uow:
        if await repository.get_employer(uow.session, employer_code) is not None:
            raise Conflict(f"Employer {employer_code} is already registered")
        employer = Employer(
            employer_code=employer_code,
            name=name,
            state=state,
            mycoid=mycoid,
            registered_at=uow.now(),
        )
        uow.session.add(employer)
        uow.record(
            events.EMPLOYER_REGISTERED,
            subject=employer_code,
            data={"employer_code": employer_code, "state": state},
        )
        await uow.commit()
        return employer


class LineFacts(Protocol):
    """What a submission needs of each line: a JSON body's `SubmissionLineIn`, or a text file's
    line whose fields its checks have already validated."""

    @property
    def ic(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def wage(self) -> Decimal: ...
    @property
    def nationality(self) -> NationalityIn: ...
    @property
    def employment_type(self) -> EmploymentTypeIn: ...
    @property
    def skbbk_opt_out(self) -> bool: ...
    @property
    def category(self) -> CategoryIn | None: ...
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


class LinePricer:
    """Derives each line's category and EIS from the facts, applies officer overrides, and prices
    it; a chunk at a time, so a 100,000-line file never holds every priced line at once.

    Problems are collected across all chunks (an employee twice in the file is found whichever
    chunks the two lines are in), so the caller can report every one of them together.
    """

    def __init__(
        self, *, month: ContributionMonth, known: dict[str, InsuredPerson], principal: Principal
    ) -> None:
        self.month = month
        self.known = known
        self.principal = principal
        self.problems: list[Violation] = []
        self._seen: set[str] = set()

    def price(self, lines: Sequence[LineFacts], *, first_index: int) -> list[PricedLine]:
        priced: list[PricedLine] = []
        for index, line in enumerate(lines, start=first_index):
            result = self._price_one(index, line)
            if result is not None:
                priced.append(result)
        return priced

    def _price_one(self, index: int, line: LineFacts) -> PricedLine | None:
        field = f"lines[{index}]"
        if line.ic in self._seen:
            self.problems.append(
                Violation(
                    field=f"{field}.ic", message="this employee appears twice in the submission"
                )
            )
            return None
        self._seen.add(line.ic)
        overriding = line.category is not None or line.eis is not None
        if overriding and self.principal.role is not Role.OFFICER:
            self.problems.append(
                Violation(
                    field=f"{field}.category",
                    message="only an officer may override category or eis",
                )
            )
            return None
        month = self.month
        person = self.known.get(line.ic)
        first_age = person.first_contribution_age if person else age_on(line.ic, month.first_day)
        facts = EmployeeFacts(
            ic=line.ic,
            nationality=Nationality(line.nationality.value),
            employment_type=EmploymentType(line.employment_type.value),
            contributed_before_55=first_age < 55,
            skbbk_opt_out=line.skbbk_opt_out,
        )
        try:
            coverage = derive_coverage(facts, month)
        except ValueError as exc:
            self.problems.append(Violation(field=f"{field}.skbbk_opt_out", message=str(exc)))
            return None
        category = Category(line.category.value) if line.category is not None else coverage.category
        eis = line.eis if line.eis is not None else coverage.eis
        breakdown = calculate(
            wage=line.wage, category=category, eis=eis, month=month, skbbk=coverage.skbbk
        )
        reasons = list(coverage.reasons)
        if overriding:
            reasons.append(
                f"officer {self.principal.client_id} overrode: category={category.value}, eis={eis}"
            )
        return PricedLine(
            index + 1, line, category, eis, coverage.skbbk, overriding, breakdown, reasons
        )


@dataclass(frozen=True)
class AcceptedSubmission:
    submission: Submission
    lines: list[dict[str, object]]
    """The inserted rows, when the caller asked for them (`present_lines`)."""


async def submit_contributions(
    uow: UnitOfWork,
    *,
    employer_code: str,
    month: str,
    lines: Sequence[LineFacts],
    principal: Principal,
    same_transaction: Callable[[AsyncSession, Submission], Awaitable[None]] | None = None,
    present_lines: bool = True,
) -> AcceptedSubmission:
    """Accept a monthly submission: derive, price, store, and publish `contribution.submission.accepted`."""
    contribution_month = ContributionMonth.parse(month)
    today = malaysia_date(uow.now())
    if contribution_month.first_day > today:
        raise RuleViolated(
            "The month is in the future",
            violations=[
                Violation(
                    field="month", message="contributions cannot be submitted for a future month"
                )
            ],
        )
    async with uow:
        session = uow.session
        employer = await repository.get_employer(session, employer_code)
        if employer is None:
            raise NotFound(f"Employer {employer_code} not found")
        ics = [line.ic for line in lines]
        already = await repository.ics_already_submitted(session, employer_code, month, ics)
        if already:
            raise Conflict(
                f"{len(already)} employee(s) already have a contribution for {month} from this employer",
                extra={"ics": sorted(mask_ic(ic) for ic in already)},
            )
        known = await repository.insured_persons(session, ics)
        sequence = await repository.count_submissions(session, employer_code, month) + 1
        submission = _new_submission(uow, employer, contribution_month, sequence)
        session.add(submission)
        await session.flush()
        pricer = LinePricer(month=contribution_month, known=known, principal=principal)
        totals = _Amounts.none()
        insured: list[dict[str, object]] = []
        presented: list[dict[str, object]] = []
        # Priced and inserted a few thousand lines at a time, with multi-row INSERTs: a 10,000-line
        # month stays fast and a 100,000-line file never holds every line priced at once. A
        # problem anywhere stops the inserts, is reported with all the others, and rolls back.
        for start in range(0, len(lines), INSERT_CHUNK):
            with month_in_force(contribution_month):
                priced = pricer.price(lines[start : start + INSERT_CHUNK], first_index=start)
            if pricer.problems:
                continue
            rows = _line_rows(submission, priced)
            await session.execute(insert(SUBMISSION_LINES), rows)
            totals = totals.plus(rows)
            insured.extend(
                {"ic": p.line.ic, "category": p.category.value, "eis": p.eis} for p in priced
            )
            if present_lines:
                presented.extend(rows)
        if pricer.problems:
            raise RuleViolated("Some lines cannot be accepted", violations=pricer.problems)
        totals.apply_to(submission)
        newcomers = [
            {
                "ic": line.ic,
                "name": line.name,
                "first_contribution_month": month,
                "first_contribution_age": age_on(line.ic, contribution_month.first_day),
            }
            for line in lines
            if line.ic not in known
        ]
        if newcomers:
            await session.execute(insert(INSURED_PERSONS), newcomers)
        parts = [
            insured[i : i + EVENT_PERSONS_PER_PART]
            for i in range(0, len(insured), EVENT_PERSONS_PER_PART)
        ]
        for number, part in enumerate(parts, start=1):
            uow.record(
                events.SUBMISSION_ACCEPTED,
                subject=submission.reference,
                data={
                    "submission_id": submission.id,
                    "reference": submission.reference,
                    "employer_code": employer_code,
                    "month": month,
                    "due_date": submission.due_date.isoformat(),
                    "line_count": len(insured),
                    "total": submission.total,
                    "part": number,
                    "parts": len(parts),
                    # Dialysis keeps its own record of who is insured, keyed by IC: it needs them.
                    "insured": part,
                },
            )
        if same_transaction is not None:
            await same_transaction(session, submission)
        await uow.commit()
        return AcceptedSubmission(submission, presented)


def _new_submission(
    uow: UnitOfWork, employer: Employer, month: ContributionMonth, sequence: int
) -> Submission:
    """The submission row, inserted before its lines; its totals are set once they are priced."""
    return Submission(
        id=str(uuid.uuid4()),
        reference=build_reference(employer.employer_code, month, sequence),
        employer_code=employer.employer_code,
        month=str(month),
        due_date=due_date(month, State(employer.state)),
        created_at=uow.now(),
        created_by=uow.actor,
        socso_employer=ZERO,
        socso_employee=ZERO,
        eis_employer=ZERO,
        eis_employee=ZERO,
        skbbk_employee=ZERO,
        total=ZERO,
        amount_paid=ZERO,
        status="paid",
    )


_AMOUNT_COLUMNS = (
    "socso_employer",
    "socso_employee",
    "eis_employer",
    "eis_employee",
    "skbbk_employee",
)


@dataclass(frozen=True)
class _Amounts:
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
    def none(cls) -> _Amounts:
        return cls(ZERO, ZERO, ZERO, ZERO, ZERO)

    @classmethod
    def from_breakdown(cls, b: ContributionBreakdown) -> _Amounts:
        return cls(
            socso_employer=b.socso.employer,
            socso_employee=b.socso.employee,
            eis_employer=b.eis.employer if b.eis else ZERO,
            eis_employee=b.eis.employee if b.eis else ZERO,
            skbbk_employee=b.skbbk_employee or ZERO,
        )

    def plus(self, rows: Sequence[Mapping[str, Any]]) -> _Amounts:
        """These amounts with the lines' own added (rows as `_line_rows` makes them)."""
        return _Amounts(
            *(sum((row[name] for row in rows), getattr(self, name)) for name in _AMOUNT_COLUMNS)
        )

    def apply_to(self, submission: Submission) -> None:
        for name in _AMOUNT_COLUMNS:
            setattr(submission, name, getattr(self, name))
        submission.total = self.total
        submission.status = "unpaid" if self.total > 0 else "paid"


def _line_rows(submission: Submission, priced: list[PricedLine]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for p in priced:
        amounts = _Amounts.from_breakdown(p.breakdown)
        rows.append(
            dict(
                submission_id=submission.id,
                line_no=p.line_no,
                employer_code=submission.employer_code,
                month=submission.month,
                ic=p.line.ic,
                name=p.line.name,
                wage=p.line.wage,
                nationality=p.line.nationality.value,
                employment_type=p.line.employment_type.value,
                category=p.category.value,
                eis=p.eis,
                skbbk=p.skbbk,
                overridden=p.overridden,
                socso_employer=amounts.socso_employer,
                socso_employee=amounts.socso_employee,
                eis_employer=amounts.eis_employer,
                eis_employee=amounts.eis_employee,
                skbbk_employee=amounts.skbbk_employee,
                total=amounts.total,
                reasons=jsonutil.dumps(p.reasons).decode(),
            )
        )
    return rows


def interest_accruing(
    *, outstanding: Decimal, due: date, today: date, policy: InterestPolicy
) -> tuple[int, Decimal]:
    """Interest that would be due if the outstanding amount were paid today."""
    if outstanding <= 0 or today <= due:
        return 0, ZERO
    assessed = late_interest(arrears=outstanding, due_date=due, paid_on=today, policy=policy)
    return assessed.days_late, assessed.amount


async def load_employer_or_404(session: AsyncSession, employer_code: str) -> Employer:
    employer = await repository.get_employer(session, employer_code)
    if employer is None:
        raise NotFound(f"Employer {employer_code} not found")
    return employer


async def employer_statement(
    session: AsyncSession, *, employer: Employer, today: date, policy: InterestPolicy
) -> dict[str, object]:
    """Submissions, payments, outstanding amounts, interest assessed and interest still accruing."""
    submissions = await repository.list_submissions(session, employer.employer_code)
    payments = await repository.payments_for_submissions(session, [s.id for s in submissions])
    assessed_by_submission: dict[str, Decimal] = {}
    for payment in payments:
        if payment.submission_id:
            assessed_by_submission[payment.submission_id] = (
                assessed_by_submission.get(payment.submission_id, ZERO) + payment.late_interest
            )
    rows = []
    totals = {
        k: ZERO
        for k in (
            "contributions",
            "paid",
            "outstanding",
            "late_interest_assessed",
            "interest_accruing",
        )
    }
    for s in submissions:
        outstanding = max(s.total - s.amount_paid, ZERO)
        days_overdue, accruing = interest_accruing(
            outstanding=outstanding, due=s.due_date, today=today, policy=policy
        )
        assessed = assessed_by_submission.get(s.id, ZERO)
        rows.append(
            {
                "reference": s.reference,
                "month": s.month,
                "due_date": s.due_date,
                "total": s.total,
                "paid": s.amount_paid,
                "outstanding": outstanding,
                "status": s.status,
                "late_interest_assessed": assessed,
                "days_overdue": days_overdue,
                "interest_accruing": accruing,
            }
        )
        totals["contributions"] += s.total
        totals["paid"] += s.amount_paid
        totals["outstanding"] += outstanding
        totals["late_interest_assessed"] += assessed
        totals["interest_accruing"] += accruing
    return {
        "employer_code": employer.employer_code,
        "name": employer.name,
        "as_of": today,
        "submissions": rows,
        "payments": [
            {
                "payment_id": p.payment_id,
                "bank_code": p.bank_code,
                "bank_txn_id": p.bank_txn_id,
                "reference": p.reference,
                "amount": p.amount,
                "paid_at": p.paid_at,
                "channel": p.channel,
                "status": p.status,
                "days_late": p.days_late,
                "late_interest": p.late_interest,
            }
            for p in payments
        ],
        "totals": totals,
    }


def ensure_may_read_person(principal: Principal, ic: str) -> None:
    """Officers and dashboards read anyone; a member only themself (another person: 404)."""
    if principal.role in (Role.OFFICER, Role.DASHBOARD):
        return
    if principal.role is Role.MEMBER:
        if principal.ic == ic:
            return
        raise NotFound("Insured person not found")
    raise Forbidden(f"Role '{principal.role.value}' may not read insured persons")


async def insured_person_contributions(session: AsyncSession, *, ic: str) -> dict[str, object]:
    """One person's contribution record across employers and schemes (the gateway's summary uses it)."""
    person = await repository.get_insured_person(session, ic)
    lines = await repository.lines_for_person(session, ic)
    self_employed = await repository.get_self_employed(session, ic)
    housewife = await repository.get_housewife(session, ic)
    if person is None and self_employed is None and housewife is None:
        raise NotFound("Insured person not found")
    return {
        "ic": ic,
        "name": person.name if person else (self_employed or housewife).name,  # type: ignore[union-attr]
        "first_contribution_month": person.first_contribution_month if person else None,
        "months": [
            {
                "month": line.month,
                "employer_code": line.employer_code,
                "category": line.category,
                "eis": line.eis,
                "wage": f"{line.wage:.2f}",
                "total": f"{line.total:.2f}",
            }
            for line in lines
        ],
        "self_employed": {
            "plan": self_employed.plan,
            "sector": self_employed.sector,
            "covered_until": self_employed.covered_until.isoformat()
            if self_employed.covered_until
            else None,
        }
        if self_employed
        else None,
        "housewife": {
            "covered_until": housewife.covered_until.isoformat()
            if housewife.covered_until
            else None,
        }
        if housewife
        else None,
    }
