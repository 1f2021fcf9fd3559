"""Every query of the appeals service, reached through its unit of work; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.appeals.domain.case import OPEN, HearingStatus
from services.appeals.models import (
    INFRA,
    Appeal,
    AppealableDecision,
    BoardMember,
    CaseCounter,
    Document,
    Hearing,
)
from shared.persistence.deadlines import DeadlineBreaches
from shared.persistence.keyset import newest_first, oldest_first
from shared.persistence.uow import UnitOfWork
from shared.persistence.upsert import insert_if_absent

LIST_LIMIT = 500


class AppealRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, appeal_id: str, *, for_update: bool = False) -> Appeal | None:
        statement = select(Appeal).where(Appeal.id == appeal_id)
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalar_one_or_none()

    def add(self, appeal: Appeal) -> None:
        self._session.add(appeal)

    async def newest(
        self,
        *,
        ic: str | None = None,
        employer_code: str | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = LIST_LIMIT,
    ) -> Sequence[Appeal]:
        statement = newest_first(select(Appeal), Appeal.filed_at, Appeal.id, after, limit)
        if ic is not None:
            statement = statement.where(Appeal.appellant_ic == ic)
        if employer_code is not None:
            statement = statement.where(Appeal.appellant_employer_code == employer_code)
        return (await self._session.execute(statement)).scalars().all()

    async def next_case_sequence(self, board_code: str, year: int) -> int:
        """The next number of a board's year, counted under a row lock. The year's counter is
        created first if it is missing, in a way two first filings at once both survive (each
        inserting it found the other's key and failed with 409: the scale benchmark's filings)."""
        await insert_if_absent(
            self._session,
            CaseCounter.__table__,  # type: ignore[arg-type]
            {"board_code": board_code, "year": year, "last": 0},
        )
        counter = (
            await self._session.execute(
                select(CaseCounter)
                .where(CaseCounter.board_code == board_code, CaseCounter.year == year)
                .with_for_update()
            )
        ).scalar_one()
        counter.last += 1
        return counter.last


class HearingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, hearing_id: str) -> Hearing | None:
        return await self._session.get(Hearing, hearing_id)

    def add(self, hearing: Hearing) -> None:
        self._session.add(hearing)

    async def of_appeal(self, appeal_id: str) -> Sequence[Hearing]:
        statement = (
            select(Hearing).where(Hearing.appeal_id == appeal_id).order_by(Hearing.starts_at)
        )
        return (await self._session.execute(statement)).scalars().all()

    async def scheduled_of_appeal(self, appeal_id: str) -> Sequence[Hearing]:
        statement = select(Hearing).where(
            Hearing.appeal_id == appeal_id, Hearing.status == HearingStatus.SCHEDULED.value
        )
        return (await self._session.execute(statement)).scalars().all()

    async def scheduled_overlapping(
        self, board_code: str, starts_at: datetime, ends_at: datetime
    ) -> Sequence[Hearing]:
        statement = select(Hearing).where(
            Hearing.board_code == board_code,
            Hearing.status == HearingStatus.SCHEDULED.value,
            Hearing.starts_at < ends_at,
            Hearing.ends_at > starts_at,
        )
        return (await self._session.execute(statement)).scalars().all()


class DocumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, document: Document) -> None:
        self._session.add(document)

    async def of_appeal(self, appeal_id: str) -> Sequence[Document]:
        statement = (
            select(Document).where(Document.appeal_id == appeal_id).order_by(Document.received_at)
        )
        return (await self._session.execute(statement)).scalars().all()


class BoardMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, member: BoardMember) -> None:
        self._session.add(member)

    async def all_by_appointment(self) -> Sequence[BoardMember]:
        statement = select(BoardMember).order_by(BoardMember.appointed_on)
        return (await self._session.execute(statement)).scalars().all()


class DecisionRepository:
    """Other services' decisions a party may appeal, as the consumers recorded them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, event_id: str) -> AppealableDecision | None:
        return await self._session.get(AppealableDecision, event_id)

    def add(self, decision: AppealableDecision) -> None:
        self._session.add(decision)

    async def newest(
        self,
        *,
        person_key: str | None = None,
        employer_code: str | None = None,
        after: tuple[date, str] | None = None,
        limit: int = 50,
    ) -> Sequence[AppealableDecision]:
        statement = newest_first(
            select(AppealableDecision),
            AppealableDecision.decided_on,
            AppealableDecision.event_id,
            after,
            limit,
        )
        if person_key is not None:
            statement = statement.where(AppealableDecision.party_key == person_key)
        if employer_code is not None:
            statement = statement.where(AppealableDecision.party_employer_code == employer_code)
        return (await self._session.execute(statement)).scalars().all()


class DeadlineRepository:
    """What the hearing-deadline check reads: open appeals by filing day, and their hearings."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open_filed_on_or_before(
        self,
        day: date,
        *,
        unless: ColumnElement[bool],
        after: tuple[date, str] | None,
        limit: int,
    ) -> Sequence[Appeal]:
        statement = select(Appeal).where(
            Appeal.status.in_([status.value for status in OPEN]), Appeal.filed_on <= day, unless
        )
        statement = oldest_first(statement, Appeal.filed_on, Appeal.id, after, limit)
        return (await self._session.execute(statement)).scalars().all()

    async def hearing_starts(self, appeal_ids: Sequence[str]) -> dict[str, list[datetime]]:
        """When each appeal's hearings (any but vacated ones) start: one query for the batch."""
        if not appeal_ids:
            return {}
        rows = await self._session.execute(
            select(Hearing.appeal_id, Hearing.starts_at).where(
                Hearing.appeal_id.in_(appeal_ids), Hearing.status != HearingStatus.VACATED.value
            )
        )
        starts: dict[str, list[datetime]] = {}
        for appeal_id, starts_at in rows.all():
            starts.setdefault(appeal_id, []).append(starts_at)
        return starts


class AppealsUnitOfWork(UnitOfWork):
    """The appeals service's transaction, with its repositories."""

    appeals: AppealRepository
    hearings: HearingRepository
    documents: DocumentRepository
    members: BoardMemberRepository
    decisions: DecisionRepository
    deadlines: DeadlineRepository
    breaches: DeadlineBreaches

    def bind(self, session: AsyncSession) -> None:
        self.appeals = AppealRepository(session)
        self.hearings = HearingRepository(session)
        self.documents = DocumentRepository(session)
        self.members = BoardMemberRepository(session)
        self.decisions = DecisionRepository(session)
        self.deadlines = DeadlineRepository(session)
        self.breaches = DeadlineBreaches(session, INFRA.deadline_breaches)
