"""Loading and saving the contribution aggregates; never commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from services.contribution.models import (
    Employer,
    HousewifeRegistration,
    InsuredPerson,
    Payment,
    SchemePayment,
    SelfEmployedRegistration,
    Submission,
    SubmissionLine,
)


async def get_employer(session: AsyncSession, employer_code: str) -> Employer | None:
    return await session.get(Employer, employer_code)


async def get_submission_by_reference(
    session: AsyncSession, reference: str, *, for_update: bool = False, with_lines: bool = False
) -> Submission | None:
    statement = select(Submission).where(Submission.reference == reference)
    if with_lines:
        statement = statement.options(selectinload(Submission.lines))
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def list_submissions(session: AsyncSession, employer_code: str) -> Sequence[Submission]:
    statement = (
        select(Submission)
        .where(Submission.employer_code == employer_code)
        .order_by(Submission.month, Submission.created_at)
    )
    return (await session.execute(statement)).scalars().all()


async def count_submissions(session: AsyncSession, employer_code: str, month: str) -> int:
    statement = select(func.count()).where(
        Submission.employer_code == employer_code, Submission.month == month
    )
    return int(await session.scalar(statement) or 0)


async def ics_already_submitted(
    session: AsyncSession, employer_code: str, month: str, ics: Sequence[str]
) -> set[str]:
    found: set[str] = set()
    # Chunked so a 10,000-line submission stays under every database's bound-parameter limit.
    for start in range(0, len(ics), 900):
        chunk = ics[start : start + 900]
        statement = select(SubmissionLine.ic).where(
            SubmissionLine.employer_code == employer_code,
            SubmissionLine.month == month,
            SubmissionLine.ic.in_(chunk),
        )
        found.update((await session.execute(statement)).scalars().all())
    return found


async def insured_persons(session: AsyncSession, ics: Sequence[str]) -> dict[str, InsuredPerson]:
    people: dict[str, InsuredPerson] = {}
    for start in range(0, len(ics), 900):
        chunk = ics[start : start + 900]
        statement = select(InsuredPerson).where(InsuredPerson.ic.in_(chunk))
        for person in (await session.execute(statement)).scalars().all():
            people[person.ic] = person
    return people


async def get_payments_by_bank_txns(
    session: AsyncSession, bank_txns: Collection[tuple[str, str]]
) -> Sequence[Payment]:
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
    return (await session.execute(statement)).scalars().all()


async def get_submissions_by_references_for_update(
    session: AsyncSession, references: Collection[str]
) -> Sequence[Submission]:
    """Submissions locked for a payment; always in id order, so two writers never deadlock."""
    if not references:
        return []
    statement = (
        select(Submission)
        .where(Submission.reference.in_(references))
        .order_by(Submission.id)
        .with_for_update()
    )
    return (await session.execute(statement)).scalars().all()


async def payments_for_submissions(
    session: AsyncSession, submission_ids: Sequence[str]
) -> Sequence[Payment]:
    if not submission_ids:
        return []
    statement = (
        select(Payment)
        .where(Payment.submission_id.in_(submission_ids))
        .order_by(Payment.paid_at, Payment.received_at)
    )
    return (await session.execute(statement)).scalars().all()


async def unmatched_payments(session: AsyncSession, limit: int = 500) -> Sequence[Payment]:
    statement = (
        select(Payment)
        .where(Payment.status == "unmatched")
        .order_by(Payment.received_at)
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def lines_for_person(session: AsyncSession, ic: str) -> Sequence[SubmissionLine]:
    statement = (
        select(SubmissionLine)
        .where(SubmissionLine.ic == ic)
        .order_by(SubmissionLine.month, SubmissionLine.employer_code)
    )
    return (await session.execute(statement)).scalars().all()


async def get_insured_person(session: AsyncSession, ic: str) -> InsuredPerson | None:
    return await session.get(InsuredPerson, ic)


async def get_self_employed(session: AsyncSession, ic: str) -> SelfEmployedRegistration | None:
    return await session.get(SelfEmployedRegistration, ic)


async def get_housewife(session: AsyncSession, ic: str) -> HousewifeRegistration | None:
    return await session.get(HousewifeRegistration, ic)


async def scheme_payments(session: AsyncSession, scheme: str, ic: str) -> Sequence[SchemePayment]:
    statement = (
        select(SchemePayment)
        .where(SchemePayment.scheme == scheme, SchemePayment.ic == ic)
        .order_by(SchemePayment.paid_at)
    )
    return (await session.execute(statement)).scalars().all()


async def overdue_submissions(
    session: AsyncSession, today_: date, limit: int = 500
) -> Sequence[Submission]:
    statement = (
        select(Submission)
        .where(Submission.status != "paid", Submission.due_date < today_)
        .order_by(Submission.due_date)
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def payments_received_since(
    session: AsyncSession, since: datetime, limit: int = 1000
) -> Sequence[Payment]:
    statement = (
        select(Payment)
        .where(Payment.received_at >= since)
        .order_by(Payment.received_at.desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()
