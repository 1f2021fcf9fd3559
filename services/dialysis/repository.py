"""Every query of the dialysis service, reached through its unit of work; nothing here commits."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dialysis.domain.treatment import TreatmentStatus
from services.dialysis.models import (
    INFRA,
    Bill,
    BilledSession,
    Centre,
    Claim,
    Donation,
    Grant,
    InsuredRecord,
    SubmissionPerson,
    Treatment,
    WelfareNote,
)
from shared.persistence.chunks import IN_CHUNK, among
from shared.persistence.deadlines import DeadlineBreaches
from shared.persistence.keyset import newest_first, oldest_first
from shared.persistence.uow import UnitOfWork


class CentreRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, centre_id: str) -> Centre | None:
        return await self._session.get(Centre, centre_id)

    def add(self, centre: Centre) -> None:
        self._session.add(centre)

    async def page(self, after: str | None, limit: int) -> Sequence[Centre]:
        """Centres by id, `limit + 1` after the id `after`."""
        statement = select(Centre).order_by(Centre.id).limit(limit + 1)
        if after is not None:
            statement = statement.where(Centre.id > after)
        return (await self._session.execute(statement)).scalars().all()

    def add_donation(self, donation: Donation) -> None:
        self._session.add(donation)

    def add_grant(self, grant: Grant) -> None:
        self._session.add(grant)


class InsuredRepository:
    """Who is insured, as the contribution service's events told this service."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_key: str) -> InsuredRecord | None:
        return await self._session.get(InsuredRecord, person_key)

    async def records_of(self, person_keys: Collection[str]) -> dict[str, InsuredRecord]:
        """The records of these people that exist, a query per chunk of them (a submission of
        an employer with 20,000 employees was 40,000 queries here, one or two per person)."""
        keys = list(person_keys)
        found: dict[str, InsuredRecord] = {}
        for start in range(0, len(keys), IN_CHUNK):
            statement = select(InsuredRecord).where(
                among(InsuredRecord.person_key, keys[start : start + IN_CHUNK])
            )
            found.update((r.person_key, r) for r in (await self._session.scalars(statement)))
        return found

    def add_all(self, records: Iterable[InsuredRecord]) -> None:
        self._session.add_all(list(records))

    async def add_submission_persons(self, reference: str, person_keys: Collection[str]) -> None:
        """Who a submission covered, those not already recorded (an event met again in a
        replayed batch finds them there)."""
        keys = list(person_keys)
        known: set[str] = set()
        for start in range(0, len(keys), IN_CHUNK):
            statement = select(SubmissionPerson.person_key).where(
                SubmissionPerson.reference == reference,
                among(SubmissionPerson.person_key, keys[start : start + IN_CHUNK]),
            )
            known.update(await self._session.scalars(statement))
        fresh = [{"reference": reference, "person_key": k} for k in keys if k not in known]
        if fresh:
            await self._session.execute(insert(SubmissionPerson), fresh)

    async def persons_of_submission(self, reference: str) -> Sequence[str]:
        """The person keys a submission covered."""
        statement = select(SubmissionPerson.person_key).where(
            SubmissionPerson.reference == reference
        )
        return (await self._session.execute(statement)).scalars().all()


class TreatmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, treatment_id: str) -> Treatment | None:
        return await self._session.get(Treatment, treatment_id)

    def add(self, treatment: Treatment) -> None:
        self._session.add(treatment)

    async def active_of(self, ic: str) -> Treatment | None:
        statement = select(Treatment).where(Treatment.active_key == ic)
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def of_person(self, ic: str) -> Sequence[Treatment]:
        statement = select(Treatment).where(Treatment.ic == ic).order_by(Treatment.requested_at)
        return (await self._session.execute(statement)).scalars().all()

    async def undecided_requested_before(
        self,
        before: datetime,
        *,
        unless: ColumnElement[bool],
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> Sequence[Treatment]:
        """Requests still waiting, made before `before`, `unless` already raised; oldest first."""
        statement = select(Treatment).where(
            Treatment.status == TreatmentStatus.REQUESTED.value,
            Treatment.requested_at < before,
            unless,
        )
        statement = oldest_first(statement, Treatment.requested_at, Treatment.id, after, limit)
        return (await self._session.execute(statement)).scalars().all()


class BillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, bill_id: str) -> Bill | None:
        return await self._session.get(Bill, bill_id)

    def add(self, bill: Bill, sessions: Sequence[BilledSession]) -> None:
        self._session.add(bill)
        self._session.add_all(sessions)

    async def newest(
        self,
        *,
        centre_id: str | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Bill]:
        statement = newest_first(select(Bill), Bill.submitted_at, Bill.id, after, limit)
        if centre_id is not None:
            statement = statement.where(Bill.centre_id == centre_id)
        return (await self._session.execute(statement)).scalars().all()

    async def sessions_of(self, bill_id: str) -> Sequence[BilledSession]:
        statement = (
            select(BilledSession)
            .where(BilledSession.bill_id == bill_id)
            .order_by(BilledSession.session_date)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def billed_dates(self, treatment_id: str) -> set[date]:
        """Every session date of a treatment paid already, by a bill or a claim."""
        statement = select(BilledSession.session_date).where(
            BilledSession.treatment_id == treatment_id
        )
        return set((await self._session.execute(statement)).scalars().all())

    def add_sessions(self, sessions: Sequence[BilledSession]) -> None:
        self._session.add_all(sessions)

    async def sessions_of_claims(self, claim_ids: Sequence[str]) -> dict[str, list[BilledSession]]:
        """The sessions each reimbursement claim was paid for, by claim id."""
        found: dict[str, list[BilledSession]] = {claim_id: [] for claim_id in claim_ids}
        if claim_ids:
            statement = (
                select(BilledSession)
                .where(BilledSession.claim_id.in_(claim_ids))
                .order_by(BilledSession.session_date)
            )
            for row in (await self._session.execute(statement)).scalars():
                if row.claim_id is not None:
                    found[row.claim_id].append(row)
        return found


class ClaimRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, claim_id: str) -> Claim | None:
        return await self._session.get(Claim, claim_id)

    def add(self, claim: Claim) -> None:
        self._session.add(claim)

    async def newest(
        self,
        *,
        ic: str | None = None,
        status: str | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Claim]:
        statement = newest_first(select(Claim), Claim.submitted_at, Claim.id, after, limit)
        if ic is not None:
            statement = statement.where(Claim.ic == ic)
        if status:
            statement = statement.where(Claim.status == status)
        return (await self._session.execute(statement)).scalars().all()

    async def of_person(self, ic: str) -> Sequence[Claim]:
        statement = select(Claim).where(Claim.ic == ic).order_by(Claim.submitted_at)
        return (await self._session.execute(statement)).scalars().all()

    async def quantity_approved(
        self, treatment_id: str, kind: str, first_day: date, last_day: date
    ) -> int:
        """How many of a support item were approved for a treatment within the days given."""
        statement = select(func.coalesce(func.sum(Claim.quantity), 0)).where(
            Claim.treatment_id == treatment_id,
            Claim.kind == kind,
            Claim.approved > 0,
            Claim.service_date >= first_day,
            Claim.service_date <= last_day,
        )
        return int(await self._session.scalar(statement) or 0)


class WelfareNoteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, note: WelfareNote) -> None:
        self._session.add(note)

    async def of_person(self, ic: str) -> Sequence[WelfareNote]:
        statement = select(WelfareNote).where(WelfareNote.ic == ic)
        return (await self._session.execute(statement)).scalars().all()


@dataclass(frozen=True)
class ReportFacts:
    """What the monthly report counts, as dates and amounts."""

    appointments: list[date]
    decisions: list[datetime]
    bills_paid: list[tuple[datetime, Decimal]]
    claims_paid: list[tuple[datetime, Decimal]]
    donations: list[tuple[date, int]]
    grants: list[date]


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def facts(self) -> ReportFacts:
        session = self._session
        appointments = (
            await session.execute(
                select(Centre.panel_valid_from).where(Centre.panel_valid_from.is_not(None))
            )
        ).scalars()
        decisions = (
            await session.execute(
                select(Treatment.decided_at).where(Treatment.decided_at.is_not(None))
            )
        ).scalars()
        bills = await session.execute(
            select(Bill.paid_at, Bill.amount).where(Bill.paid_at.is_not(None))
        )
        claims = await session.execute(
            select(Claim.paid_at, Claim.approved).where(Claim.paid_at.is_not(None))
        )
        donations = await session.execute(select(Donation.approved_on, Donation.machines))
        grants = (await session.execute(select(Grant.approved_on))).scalars()
        return ReportFacts(
            appointments=[d for d in appointments if d is not None],
            decisions=[d for d in decisions if d is not None],
            bills_paid=[(p, a) for p, a in bills.all() if p is not None],
            claims_paid=[(p, a) for p, a in claims.all() if p is not None],
            donations=[(d, m) for d, m in donations.all()],
            grants=list(grants),
        )


class DialysisUnitOfWork(UnitOfWork):
    """The dialysis service's transaction, with its repositories."""

    centres: CentreRepository
    insured: InsuredRepository
    treatments: TreatmentRepository
    bills: BillRepository
    claims: ClaimRepository
    welfare_notes: WelfareNoteRepository
    reports: ReportRepository
    breaches: DeadlineBreaches

    def bind(self, session: AsyncSession) -> None:
        self.centres = CentreRepository(session)
        self.insured = InsuredRepository(session)
        self.treatments = TreatmentRepository(session)
        self.bills = BillRepository(session)
        self.claims = ClaimRepository(session)
        self.welfare_notes = WelfareNoteRepository(session)
        self.reports = ReportRepository(session)
        self.breaches = DeadlineBreaches(session, INFRA.deadline_breaches)
