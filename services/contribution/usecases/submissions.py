"""Submissions: a month's lines priced from the schedules and accepted at once, or refused whole."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.contribution import access
from services.contribution.domain.bulk_returns import LineWarning
from services.contribution.domain.coverage import Nationality
from services.contribution.domain.due_dates import due_date
from services.contribution.domain.interest import InterestPolicy, late_interest
from services.contribution.domain.lifecycle import submission_priced
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import (
    AMOUNT_NAMES,
    Amounts,
    LineFacts,
    LinePricer,
    PricedLine,
)
from services.contribution.domain.references import build_reference
from services.contribution.domain.schedules import NoScheduleInForce
from services.contribution.events import InsuredLine, submission_accepted_parts
from services.contribution.models import Employer, InsuredPerson, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.usecases import bulk_returns
from services.contribution.usecases.employees import ensure_still_employed
from services.contribution.usecases.employers import load as load_employer
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import age_on
from shared.kernel.money import ZERO
from shared.kernel.person_id import IdKind, id_kind, mask_person_id
from shared.kernel.states import State
from shared.web.auth import Principal

# Lines are priced and inserted this many at a time (multi-row INSERTs).
INSERT_CHUNK = 5000


@contextlib.contextmanager
def month_in_force(month: ContributionMonth) -> Iterator[None]:
    """A month no shipped schedule covers is the client's mistake: 422 naming `month`."""
    try:
        yield
    except NoScheduleInForce as exc:
        raise RuleViolated(
            message_of(exc), violations=[Violation(field="month", message=message_of(exc))]
        ) from exc


@dataclass(frozen=True)
class AcceptedSubmission:
    submission: Submission
    lines: list[dict[str, object]]
    """The inserted rows, when the caller asked for them (`present_lines`)."""
    warnings: list[LineWarning] = field(default_factory=list)
    """Every warning the submission now stands with, in line order."""


def _ensure_not_future(month: ContributionMonth, today: date) -> None:
    if month.first_day > today:
        raise RuleViolated(
            msg("The month is in the future"),
            violations=[
                Violation(
                    field="month",
                    message=msg("contributions cannot be submitted for a future month"),
                )
            ],
        )


async def submit_contributions(
    uow: ContributionUnitOfWork,
    *,
    employer_code: str,
    month: str,
    lines: Sequence[LineFacts],
    principal: Principal,
    same_transaction: Callable[[AsyncSession, AcceptedSubmission], Awaitable[None]] | None = None,
    present_lines: bool = True,
) -> AcceptedSubmission:
    """Accept a monthly submission: derive, price, store with its warnings, and publish
    `contribution.submission.accepted`."""
    access.ensure_may_act_for_employer(principal, employer_code, write=True)
    contribution_month = ContributionMonth.parse(month)
    _ensure_not_future(contribution_month, malaysia_date(uow.now()))
    async with uow:
        employer = await uow.employers.get(employer_code)
        if employer is None:
            raise NotFound(msg("Employer {employer_code} not found", employer_code=employer_code))
        ids = [line.person_id for line in lines]
        already = await uow.submissions.ics_already_submitted(employer_code, month, ids)
        if already:
            raise Conflict(
                msg(
                    "{count} employee(s) already have a contribution for {month} from this employer",
                    count=len(already),
                    month=month,
                ),
                extra={"ics": sorted(mask_person_id(person_id) for person_id in already)},
            )
        registry = await uow.employees.kept_by(employer_code)
        if registry:
            await ensure_still_employed(uow, employer_code, ids, contribution_month.first_day)
        known = await uow.persons.known(ids)
        # A nationality remembered from a submission, else the one the employer's registry gives.
        nationalities = {
            **(await uow.employees.nationalities(employer_code, ids) if registry else {}),
            **{k: p.nationality for k, p in known.items() if p.nationality},
        }
        lookups = await bulk_returns.look_up(uow, employer_code, contribution_month, ids)
        sequence = await uow.submissions.count_for_month(employer_code, month) + 1
        submission = _new_submission(uow, employer, contribution_month, sequence)
        uow.submissions.add(submission)
        await uow.submissions.flush()
        pricer = LinePricer(
            month=contribution_month,
            first_ages={ic: p.first_contribution_age for ic, p in known.items()},
            nationalities=nationalities,
            may_override=access.may_override_coverage(principal),
            who=principal.client_id,
        )
        totals = Amounts.none()
        insured: list[InsuredLine] = []
        presented: list[dict[str, object]] = []
        warnings: list[LineWarning] = []
        # Priced and inserted a few thousand lines at a time, with multi-row INSERTs: a 10,000-line
        # month stays fast and a 100,000-line file never holds every line priced at once. A
        # problem anywhere stops the inserts, is reported with all the others, and rolls back.
        for start in range(0, len(lines), INSERT_CHUNK):
            with month_in_force(contribution_month):
                priced = pricer.price(lines[start : start + INSERT_CHUNK], first_index=start)
            if pricer.problems:
                continue
            rows = line_rows(submission, priced)
            await uow.submissions.insert_lines(rows)
            totals = totals.plus(rows)
            warnings.extend(lookups.warnings(rows))
            insured.extend(
                InsuredLine(
                    person_key=uow.person_key(p.line.person_id),
                    ic_masked=mask_person_id(p.line.person_id),
                    category=p.category.value,
                    eis=p.eis,
                )
                for p in priced
            )
            if present_lines:
                presented.extend(rows)
        if pricer.problems:
            raise RuleViolated(msg("Some lines cannot be accepted"), violations=pricer.problems)
        apply_totals(submission, totals)
        await bulk_returns.keep(uow, submission, warnings)
        await remember_persons(uow, lines, known, contribution_month)
        for event in submission_accepted_parts(
            submission_id=submission.id,
            reference=submission.reference,
            employer_code=employer_code,
            month=month,
            due_date=submission.due_date,
            total=submission.total,
            insured=insured,
        ):
            uow.record(event)
        accepted = AcceptedSubmission(submission, presented, warnings)
        if same_transaction is not None:
            await same_transaction(uow.session, accepted)
        await uow.commit()
        return accepted


async def remember_persons(
    uow: ContributionUnitOfWork,
    lines: Sequence[LineFacts],
    known: Mapping[str, InsuredPerson],
    month: ContributionMonth,
) -> None:
    """Newcomers as first met (the age rules read it), and a nationality a line states."""
    stated = {
        line.person_id: str(line.nationality) for line in lines if line.nationality is not None
    }
    await uow.persons.insert_newcomers(
        [
            {
                "ic": line.person_id,
                "name": line.name,
                "first_contribution_month": str(month),
                # A SOCSO number carries no birth date: a foreign worker's age is not known.
                "first_contribution_age": age_on(line.person_id, month.first_day)
                if id_kind(line.person_id) is IdKind.MYKAD
                else None,
                "nationality": stated.get(line.person_id, _implied(line.person_id)),
            }
            for line in lines
            if line.person_id not in known
        ]
    )
    # Only the people whose stated nationality is news: a steady month writes nothing.
    await uow.persons.remember_nationalities(
        {
            ic: value
            for ic, value in stated.items()
            if ic in known and known[ic].nationality != value
        }
    )


def _implied(person_id: str) -> str | None:
    """What an identifier alone says of nationality: a SOCSO number is a foreign worker's."""
    return Nationality.FOREIGN.value if id_kind(person_id) is IdKind.SOCSO_NUMBER else None


def _new_submission(
    uow: ContributionUnitOfWork, employer: Employer, month: ContributionMonth, sequence: int
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
        interest_assessed=ZERO,
        interest_paid=ZERO,
        status=submission_priced(ZERO).value,
    )


def apply_totals(submission: Submission, totals: Amounts) -> None:
    for name in AMOUNT_NAMES:
        setattr(submission, name, getattr(totals, name))
    submission.total = totals.total
    submission.status = submission_priced(totals.total).value


def line_rows(submission: Submission, priced: list[PricedLine]) -> list[dict[str, object]]:
    """The priced lines as rows of `submission_lines`."""
    rows: list[dict[str, object]] = []
    for p in priced:
        amounts = Amounts.of(p.breakdown)
        rows.append(
            dict(
                submission_id=submission.id,
                line_no=p.line_no,
                employer_code=submission.employer_code,
                month=submission.month,
                ic=p.line.person_id,
                name=p.line.name,
                wage=p.line.wage,
                nationality=p.nationality.value,
                employment_type=str(p.line.employment_type),
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
                reasons=p.reasons,
            )
        )
    return rows


async def get_submission(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str, reference: str
) -> Submission:
    """One submission with its lines and warnings (another employer's: 404)."""
    access.ensure_may_act_for_employer(principal, employer_code, write=False)
    submission = await uow.submissions.by_reference(reference, with_lines=True, with_warnings=True)
    if submission is None or submission.employer_code != employer_code:
        raise NotFound(msg("Submission {reference} not found", reference=reference))
    return submission


async def export_submission_of(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str, reference: str
) -> tuple[Submission, Employer]:
    """A stored submission and its employer, for the bank file export."""
    submission = await get_submission(
        uow, principal=principal, employer_code=employer_code, reference=reference
    )
    return submission, await load_employer(uow, employer_code)


def interest_accruing(
    *, outstanding: Decimal, due: date, today: date, policy: InterestPolicy
) -> tuple[int, Decimal]:
    """Interest that would be due if the outstanding amount were paid today."""
    if outstanding <= 0 or today <= due:
        return 0, ZERO
    assessed = late_interest(arrears=outstanding, due_date=due, paid_on=today, policy=policy)
    return assessed.days_late, assessed.amount


@dataclass(frozen=True)
class OverdueSubmission:
    submission: Submission
    outstanding: Decimal
    days_overdue: int
    interest_accruing: Decimal


@dataclass(frozen=True)
class Arrears:
    """A page of the submissions in arrears, and how many there are and owe in all."""

    page: list[OverdueSubmission]
    rows: Sequence[Submission]  # the page's rows as fetched, `limit + 1` at most
    count: int
    outstanding: Decimal


async def overdue(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    today: date,
    policy: InterestPolicy,
    after: tuple[date, str] | None,
    limit: int,
) -> Arrears:
    """Submissions past their due date with an amount outstanding, oldest due first, with the
    interest accruing on each; and the count and sum of all of them (voided ones are no arrears)."""
    access.ensure_staff(principal)
    rows = await uow.submissions.owing_past_due(today, after, limit)
    page = []
    for s in rows:
        outstanding = s.account.outstanding
        days, accruing = interest_accruing(
            outstanding=outstanding, due=s.due_date, today=today, policy=policy
        )
        page.append(OverdueSubmission(s, outstanding, days, accruing))
    _, count, outstanding = await uow.submissions.arrears_due_between(today)
    return Arrears(page, rows, count, outstanding)


async def list_submissions(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    status: str | None,
    month: str | None,
    employer_code: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> Sequence[Submission]:
    """Submissions newest first, by status, month and employer (officers, dashboards; an
    employer its own)."""
    own = access.own_employer(principal)
    if own is not None:
        employer_code = own
    return await uow.submissions.newest(
        status=status, month=month, employer_code=employer_code, after=after, limit=limit
    )
