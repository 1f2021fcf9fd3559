"""Routes of the loan service: schema in, one use case, schema out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.loan import service
from services.loan.domain.charges import NoServiceChargeRegime
from services.loan.domain.guarantors import requirement_for
from services.loan.domain.progress import standing
from services.loan.domain.schedule import quote
from services.loan.domain.tables import OutsideTheTables
from services.loan.models import Application, Guarantor, Loan, Repayment
from services.loan.schemas import (
    AcceptanceIn,
    ApplicationIn,
    ApplicationOut,
    CounsellingIn,
    DecisionIn,
    DisbursementIn,
    DocumentsIn,
    EpfWithdrawalIn,
    GuarantorIn,
    GuarantorNeedOut,
    LoanOut,
    QuoteIn,
    QuoteOut,
    RepaymentCallbackIn,
    ResultIn,
    ScholarshipIn,
    SponsorIn,
)
from shared.kernel import jsonutil
from shared.kernel.clock import today
from shared.kernel.errors import NotFound, RuleViolated, Violation
from shared.kernel.ic import ic_from_path
from shared.web.auth import Role
from shared.web.deps import ClockDep, CurrentPrincipal, ReadSessionDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/loans", tags=["loans"])


def application_out(application: Application, loan_id: str | None = None) -> ApplicationOut:
    received = jsonutil.loads(application.documents)
    return ApplicationOut(
        id=application.id,
        applicant_ic=application.applicant_ic,
        sponsor_id=application.sponsor_id,
        level=application.level,
        status=application.status,
        tuition_total=application.tuition_total,
        documents_received=received,
        documents_missing=service.missing_documents(received),
        decision_reason=application.decision_reason,
        loan_id=loan_id,
    )


async def loan_out(session: AsyncSession, loan: Loan) -> LoanOut:
    guarantors = (
        (await session.execute(select(Guarantor).where(Guarantor.loan_id == loan.id)))
        .scalars()
        .all()
    )
    out = LoanOut.model_validate(loan, from_attributes=True)
    out.guarantors = [{"id": g.id, "name": g.name, "witness": g.witness} for g in guarantors]
    return out


@router.post("/quote", response_model=QuoteOut)
async def quote_loan(body: QuoteIn, principal: CurrentPrincipal) -> QuoteOut:
    """Tenure, first instalment, service charge, instalment, total payable and the guarantors needed."""
    try:
        q = quote(
            amount=body.amount,
            offer_accepted_on=body.offer_accepted_on,
            final_disbursement_month=body.final_disbursement_month,
        )
        need = requirement_for(body.amount)
    except OutsideTheTables as exc:
        raise RuleViolated(
            str(exc),
            violations=[Violation(field="amount", message="the schedule starts at RM1,000")],
        ) from exc
    except NoServiceChargeRegime as exc:
        raise RuleViolated(
            str(exc), violations=[Violation(field="offer_accepted_on", message=str(exc))]
        ) from exc
    return QuoteOut(
        tenure_months=q.tenure_months,
        first_instalment_due=q.first_instalment_due,
        service_charge_rate=f"{q.service_charge_rate:.2f}",
        monthly_instalment=q.monthly_instalment,
        total_payable=q.total_payable,
        guarantors=GuarantorNeedOut(
            required=need.required,
            min_net_monthly_income=need.min_net_monthly_income,
            max_age=need.max_age,
            min_employment_years=need.min_employment_years,
        ),
    )


@router.post("/sponsors", status_code=status.HTTP_201_CREATED)
async def record_sponsor(
    body: SponsorIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, str]:
    """Record an insured person whose dependants may apply, and the dependant's benefit (officers)."""
    principal.require_role(Role.OFFICER)
    sponsor = await service.record_sponsor(
        uow, ic=body.ic, name=body.name, condition=body.condition.value, benefit=body.benefit.value
    )
    return {"id": sponsor.id, "condition": sponsor.condition, "benefit": sponsor.benefit}


@router.post("/applications", response_model=ApplicationOut, status_code=status.HTTP_201_CREATED)
async def submit_application(
    body: ApplicationIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> ApplicationOut:
    """Apply (the member themself or an officer); every failed rule is reported with its code."""
    return application_out(await service.submit_application(uow, principal=principal, body=body))


@router.get("/applications", response_model=list[ApplicationOut])
async def list_applications(
    principal: CurrentPrincipal, session: ReadSessionDep
) -> list[ApplicationOut]:
    """A member's own applications; all for officers and dashboards."""
    statement = select(Application).order_by(Application.submitted_at.desc()).limit(500)
    if principal.role is Role.MEMBER:
        statement = statement.where(Application.applicant_ic == principal.ic)
    else:
        principal.require_role(Role.OFFICER, Role.DASHBOARD)
    return [application_out(a) for a in (await session.execute(statement)).scalars().all()]


@router.get("/applications/{application_id}", response_model=ApplicationOut)
async def get_application(
    application_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> ApplicationOut:
    """One application with its documents list (another member's: 404)."""
    return application_out(await service.load_application(session, principal, application_id))


@router.post("/applications/{application_id}/documents", response_model=ApplicationOut)
async def add_documents(
    application_id: str, body: DocumentsIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> ApplicationOut:
    """Record documents received for the application."""
    return application_out(
        await service.add_documents(
            uow, principal=principal, application_id=application_id, documents=body.documents
        )
    )


@router.post("/applications/{application_id}/decision", response_model=ApplicationOut)
async def decide_application(
    application_id: str, body: DecisionIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> ApplicationOut:
    """Approve with an amount (the offer) or reject with a reason (officers)."""
    application, loan = await service.decide_application(
        uow,
        principal=principal,
        application_id=application_id,
        approve=body.approve,
        amount=body.amount,
        reason=body.reason,
    )
    return application_out(application, loan.id if loan else None)


@router.get("", response_model=list[LoanOut])
async def list_loans(
    principal: CurrentPrincipal, session: ReadSessionDep, suspended: bool | None = None
) -> list[LoanOut]:
    """Loans: a member's own; all for officers and dashboards (?suspended=true: CGPA suspensions)."""
    statement = select(Loan).order_by(Loan.created_at.desc()).limit(500)
    if principal.role is Role.MEMBER:
        statement = statement.where(Loan.borrower_ic == principal.ic)
    else:
        principal.require_role(Role.OFFICER, Role.DASHBOARD)
    if suspended is not None:
        statement = statement.where(Loan.suspended == suspended)
    return [
        LoanOut.model_validate(loan, from_attributes=True)
        for loan in (await session.execute(statement)).scalars().all()
    ]


@router.get("/{loan_id}", response_model=LoanOut)
async def get_loan(loan_id: str, principal: CurrentPrincipal, session: ReadSessionDep) -> LoanOut:
    """One loan (its borrower, officers, dashboards)."""
    return await loan_out(session, await service.load_loan(session, principal, loan_id))


@router.post("/{loan_id}/acceptance", response_model=LoanOut)
async def accept_offer(
    loan_id: str, body: AcceptanceIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> LoanOut:
    """Accept the offer: the date fixes the service charge."""
    loan = await service.accept_offer(
        uow, principal=principal, loan_id=loan_id, accepted_on=body.accepted_on
    )
    return LoanOut.model_validate(loan, from_attributes=True)


@router.post("/{loan_id}/guarantors", status_code=status.HTTP_201_CREATED)
async def add_guarantor(
    loan_id: str, body: GuarantorIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, str]:
    """Add a guarantor who meets the rules; one applicant at a time (409)."""
    guarantor = await service.add_guarantor(uow, principal=principal, loan_id=loan_id, body=body)
    return {"id": guarantor.id, "name": guarantor.name}


@router.post("/{loan_id}/disbursements", status_code=status.HTTP_201_CREATED)
async def disburse(
    loan_id: str, body: DisbursementIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """One semester: tuition to the institution, allowance to the student, premium to the insurer (409 while suspended)."""
    record = await service.disburse(uow, principal=principal, loan_id=loan_id, body=body)
    return {
        "id": record.id,
        "semester": record.semester,
        "tuition_to_institution": f"{record.tuition_to_institution:.2f}",
        "allowance_to_student": f"{record.allowance_to_student:.2f}",
        "insurance_to_insurer": f"{record.insurance_to_insurer:.2f}",
        "final": record.final,
    }


@router.post("/{loan_id}/results", status_code=status.HTTP_201_CREATED)
async def record_result(
    loan_id: str, body: ResultIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """A semester's result; below CGPA 2.00 the next disbursement is suspended."""
    result = await service.record_result(
        uow,
        principal=principal,
        loan_id=loan_id,
        semester=body.semester,
        cgpa=body.cgpa,
        final=body.final,
    )
    return {"id": result.id, "semester": result.semester, "cgpa": f"{result.cgpa:.2f}"}


@router.post("/{loan_id}/counselling", response_model=LoanOut)
async def attend_counselling(
    loan_id: str, body: CounsellingIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> LoanOut:
    """Counselling attended: a suspended disbursement is reinstated (officers)."""
    loan = await service.attend_counselling(
        uow,
        principal=principal,
        loan_id=loan_id,
        attended_on=body.attended_on,
        counsellor=body.counsellor,
    )
    return LoanOut.model_validate(loan, from_attributes=True)


_NO_SCHEDULE_YET: dict[int | str, dict[str, Any]] = {
    409: {"description": "The loan has no repayment schedule yet (disbursements still to come)"}
}


@router.get("/{loan_id}/schedule", responses=_NO_SCHEDULE_YET)
async def repayment_schedule(
    loan_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> dict[str, object]:
    """Every instalment with its principal and service charge; they sum exactly to the total payable."""
    loan = await service.load_loan(session, principal, loan_id)
    schedule = service.schedule_for(loan)
    return {
        "loan_id": loan.id,
        "method": "reducing balance, monthly",
        "total_payable": f"{sum(i.amount for i in schedule):.2f}",
        "instalments": [
            {
                "number": i.number,
                "due_on": i.due_on.isoformat(),
                "amount": f"{i.amount:.2f}",
                "principal": f"{i.principal:.2f}",
                "service_charge": f"{i.charge:.2f}",
                "balance_after": f"{i.balance_after:.2f}",
                "rate": f"{i.rate:.2f}",
            }
            for i in schedule
        ],
    }


@router.get("/{loan_id}/standing", responses=_NO_SCHEDULE_YET)
async def loan_standing(
    loan_id: str, principal: CurrentPrincipal, session: ReadSessionDep, clock: ClockDep
) -> dict[str, object]:
    """Arrears, and the borrower's and guarantors' standing when instalments are missed."""
    loan = await service.load_loan(session, principal, loan_id)
    schedule = service.schedule_for(loan)
    s = standing(
        due=[(i.due_on, i.amount) for i in schedule], paid=loan.repaid_total, today=today(clock)
    )
    return {k: (f"{v:.2f}" if hasattr(v, "quantize") else v) for k, v in s.__dict__.items()}


@router.post("/repayments/callbacks/{bank_code}")
async def repayment_callback(
    bank_code: str, body: RepaymentCallbackIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """A signed Maybank repayment (verified by the gateway); other banks are refused; idempotent per transaction."""
    principal.require_signed_callback()
    service.ensure_bank(principal, bank_code)
    service.ensure_maybank(bank_code)
    return await service.record_repayment(
        uow,
        bank_code=bank_code,
        txn_id=body.bank_txn_id,
        loan_account=body.loan_account,
        amount=body.amount,
        paid_at=body.paid_at,
        source="maybank",
        request_hash=service.repayment_hash(body),
    )


@router.post("/{loan_id}/epf-withdrawals")
async def record_epf_withdrawal(
    loan_id: str,
    body: EpfWithdrawalIn,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    session: ReadSessionDep,
) -> dict[str, object]:
    """An EPF education withdrawal paid towards the loan, recorded by an officer."""
    principal.require_role(Role.OFFICER)
    await service.load_loan(session, principal, loan_id)
    return await service.record_repayment(
        uow,
        bank_code="EPF",
        txn_id=body.epf_reference,
        loan_account=loan_id,
        amount=body.amount,
        paid_at=body.received_at,
        source="epf",
        request_hash=service.repayment_hash(body),
    )


@router.post("/{loan_id}/scholarship", response_model=LoanOut)
async def convert_to_scholarship(
    loan_id: str, body: ScholarshipIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> LoanOut:
    """Convert a diploma or degree loan into a scholarship when the final results meet the conditions."""
    loan = await service.convert_to_scholarship(
        uow,
        principal=principal,
        loan_id=loan_id,
        final_cgpa=body.final_cgpa,
        completed_in_time=body.completed_in_time,
    )
    return LoanOut.model_validate(loan, from_attributes=True)


@router.get("/insured-persons/{ic}")
async def insured_person_loans(
    ic: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> dict[str, object]:
    """One person's applications, loans and repayments (officers, dashboards, that member)."""
    digits = ic_from_path(ic)
    if principal.role is Role.MEMBER and principal.ic != digits:
        raise NotFound("Insured person not found")
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
    applications = (
        (await session.execute(select(Application).where(Application.applicant_ic == digits)))
        .scalars()
        .all()
    )
    loans = (await session.execute(select(Loan).where(Loan.borrower_ic == digits))).scalars().all()
    repayments = (
        (
            await session.execute(
                select(Repayment).where(Repayment.loan_id.in_([loan.id for loan in loans]))
            )
        )
        .scalars()
        .all()
        if loans
        else []
    )
    return {
        "ic": digits,
        "applications": [application_out(a).model_dump(mode="json") for a in applications],
        "loans": [
            LoanOut.model_validate(loan, from_attributes=True).model_dump(mode="json")
            for loan in loans
        ],
        "repayments": [
            {
                "id": r.id,
                "amount": f"{r.amount:.2f}",
                "source": r.source,
                "paid_at": r.paid_at.isoformat(),
            }
            for r in repayments
        ],
    }
