"""How applications, loans and their parts are shown: from records to the response models."""

from __future__ import annotations

from collections.abc import Sequence

from services.loan.domain.progress import Standing
from services.loan.domain.schedule import Instalment
from services.loan.models import Application, Disbursement, Guarantor, Loan, SemesterResult
from services.loan.schemas import (
    ApplicationOut,
    DisbursementOut,
    InstalmentOut,
    LoanOut,
    ResultOut,
    ScheduleOut,
    StandingOut,
)
from services.loan.usecases.applications import missing_documents
from shared.kernel.money import ZERO


def application_out(application: Application, loan_id: str | None = None) -> ApplicationOut:
    received = application.documents
    return ApplicationOut(
        id=application.id,
        applicant_ic=application.applicant_ic,
        sponsor_id=application.sponsor_id,
        level=application.level,
        status=application.status,
        tuition_total=application.tuition_total,
        documents_received=received,
        documents_missing=missing_documents(received),
        decision_reason=application.decision_reason,
        loan_id=loan_id,
    )


def loan_out(loan: Loan, guarantors: Sequence[Guarantor] = ()) -> LoanOut:
    out = LoanOut.model_validate(loan, from_attributes=True)
    out.guarantors = [{"id": g.id, "name": g.name, "witness": g.witness} for g in guarantors]
    return out


def disbursement_out(record: Disbursement) -> DisbursementOut:
    return DisbursementOut.model_validate(record, from_attributes=True)


def result_out(result: SemesterResult) -> ResultOut:
    return ResultOut(id=result.id, semester=result.semester, cgpa=f"{result.cgpa:.2f}")


def schedule_out(loan: Loan, schedule: Sequence[Instalment]) -> ScheduleOut:
    return ScheduleOut(
        loan_id=loan.id,
        method="reducing balance, monthly",
        total_payable=sum((i.amount for i in schedule), ZERO),
        instalments=[
            InstalmentOut(
                number=i.number,
                due_on=i.due_on,
                amount=i.amount,
                principal=i.principal,
                service_charge=i.charge,
                balance_after=i.balance_after,
                rate=f"{i.rate:.2f}",
            )
            for i in schedule
        ],
    )


def standing_out(standing: Standing) -> StandingOut:
    return StandingOut.model_validate(standing, from_attributes=True)
