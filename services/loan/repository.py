"""Every query of the loan service, reached through its unit of work; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from services.loan.domain.lifecycle import LoanStatus
from services.loan.models import (
    INFRA,
    Application,
    Counselling,
    Disbursement,
    Guarantor,
    Loan,
    Repayment,
    SemesterResult,
    Sponsor,
)
from shared.persistence.deadlines import DeadlineBreaches
from shared.persistence.keyset import newest_first, oldest_first
from shared.persistence.uow import UnitOfWork


class SponsorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, sponsor_id: str) -> Sponsor | None:
        return await self._session.get(Sponsor, sponsor_id)

    def add(self, sponsor: Sponsor) -> None:
        self._session.add(sponsor)


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, application_id: str) -> Application | None:
        return await self._session.get(Application, application_id)

    def add(self, application: Application) -> None:
        self._session.add(application)

    async def newest(
        self,
        *,
        applicant_ic: str | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Application]:
        statement = newest_first(
            select(Application), Application.submitted_at, Application.id, after, limit
        )
        if applicant_ic is not None:
            statement = statement.where(Application.applicant_ic == applicant_ic)
        return (await self._session.execute(statement)).scalars().all()

    async def of_person(self, ic: str) -> Sequence[Application]:
        statement = select(Application).where(Application.applicant_ic == ic)
        return (await self._session.execute(statement)).scalars().all()


class LoanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, loan_id: str, *, for_update: bool = False) -> Loan | None:
        statement = select(Loan).where(Loan.id == loan_id)
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalar_one_or_none()

    def add(self, loan: Loan) -> None:
        self._session.add(loan)

    async def newest(
        self,
        *,
        borrower_ic: str | None = None,
        suspended: bool | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Loan]:
        statement = newest_first(select(Loan), Loan.created_at, Loan.id, after, limit)
        if borrower_ic is not None:
            statement = statement.where(Loan.borrower_ic == borrower_ic)
        if suspended is not None:
            statement = statement.where(Loan.suspended == suspended)
        return (await self._session.execute(statement)).scalars().all()

    async def of_person(self, ic: str) -> Sequence[Loan]:
        statement = select(Loan).where(Loan.borrower_ic == ic)
        return (await self._session.execute(statement)).scalars().all()

    async def ids_by_application(self, application_ids: Sequence[str]) -> dict[str, str]:
        """The loan made of each approved application, by application id."""
        if not application_ids:
            return {}
        statement = select(Loan.application_id, Loan.id).where(
            Loan.application_id.in_(application_ids)
        )
        return {app_id: loan_id for app_id, loan_id in (await self._session.execute(statement))}


class GuarantorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, guarantor: Guarantor) -> None:
        self._session.add(guarantor)

    async def of_loan(self, loan_id: str) -> Sequence[Guarantor]:
        statement = select(Guarantor).where(Guarantor.loan_id == loan_id)
        return (await self._session.execute(statement)).scalars().all()

    async def of_loans(self, loan_ids: Sequence[str]) -> dict[str, list[Guarantor]]:
        """Each loan's guarantors, by loan id (one query for a page of loans)."""
        found: dict[str, list[Guarantor]] = {loan_id: [] for loan_id in loan_ids}
        if loan_ids:
            statement = select(Guarantor).where(Guarantor.loan_id.in_(loan_ids))
            for guarantor in (await self._session.execute(statement)).scalars():
                found[guarantor.loan_id].append(guarantor)
        return found

    async def count_of_loan(self, loan_id: str) -> int:
        statement = select(func.count()).select_from(Guarantor).where(Guarantor.loan_id == loan_id)
        return int(await self._session.scalar(statement) or 0)

    async def guarantees_someone(self, ic: str) -> bool:
        """Whether this person already stands for an applicant (one at a time, across loans)."""
        statement = select(Guarantor.id).where(Guarantor.active_key == ic)
        return (await self._session.execute(statement)).first() is not None


class DisbursementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, disbursement: Disbursement) -> None:
        self._session.add(disbursement)

    async def tuition_of(self, loan_id: str) -> Decimal:
        """What has gone to the institution so far: the education cost the limits count."""
        statement = select(func.sum(Disbursement.tuition_to_institution)).where(
            Disbursement.loan_id == loan_id
        )
        total = await self._session.scalar(statement)  # whole sen, read back as ringgit
        return Decimal(total) if total is not None else Decimal("0.00")


class ResultRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, result: SemesterResult) -> None:
        self._session.add(result)

    async def any_below(self, loan_id: str, threshold: Decimal) -> bool:
        """Whether any semester's CGPA on file is below the threshold."""
        statement = select(SemesterResult.id).where(
            SemesterResult.loan_id == loan_id, SemesterResult.cgpa < threshold
        )
        return (await self._session.execute(statement)).first() is not None

    async def recorded(self, loan_id: str, semester: int) -> bool:
        statement = (
            select(func.count())
            .select_from(SemesterResult)
            .where(SemesterResult.loan_id == loan_id, SemesterResult.semester == semester)
        )
        return bool(await self._session.scalar(statement))


class CounsellingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, counselling: Counselling) -> None:
        self._session.add(counselling)


class RepaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, repayment: Repayment) -> None:
        self._session.add(repayment)

    async def by_transaction(self, bank_code: str, txn_id: str) -> Repayment | None:
        statement = select(Repayment).where(
            Repayment.bank_code == bank_code, Repayment.bank_txn_id == txn_id
        )
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def of_loans(self, loan_ids: Sequence[str]) -> Sequence[Repayment]:
        if not loan_ids:
            return []
        statement = select(Repayment).where(Repayment.loan_id.in_(loan_ids))
        return (await self._session.execute(statement)).scalars().all()


class RepayingLoans:
    """What the missed-instalment check reads: loans being repaid, by final disbursement month."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def finally_disbursed_before(
        self, day: date, *, after: tuple[date, str] | None, limit: int
    ) -> Sequence[Loan]:
        statement = select(Loan).where(
            Loan.status == LoanStatus.REPAYING.value, Loan.final_disbursement_month < day
        )
        # The `<` above leaves out loans with no final disbursement month: the key is never NULL.
        month = cast(InstrumentedAttribute[date], Loan.final_disbursement_month)
        statement = oldest_first(statement, month, Loan.id, after, limit)
        return (await self._session.execute(statement)).scalars().all()


class LoanUnitOfWork(UnitOfWork):
    """The loan service's transaction, with its repositories."""

    sponsors: SponsorRepository
    applications: ApplicationRepository
    loans: LoanRepository
    guarantors: GuarantorRepository
    disbursements: DisbursementRepository
    results: ResultRepository
    counselling: CounsellingRepository
    repayments: RepaymentRepository
    repaying: RepayingLoans
    breaches: DeadlineBreaches

    def bind(self, session: AsyncSession) -> None:
        self.sponsors = SponsorRepository(session)
        self.applications = ApplicationRepository(session)
        self.loans = LoanRepository(session)
        self.guarantors = GuarantorRepository(session)
        self.disbursements = DisbursementRepository(session)
        self.results = ResultRepository(session)
        self.counselling = CounsellingRepository(session)
        self.repayments = RepaymentRepository(session)
        self.repaying = RepayingLoans(session)
        self.breaches = DeadlineBreaches(session, INFRA.deadline_breaches)
