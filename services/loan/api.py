"""Routes of the loan service: schema in, one use case, a response model out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from services.loan.approvals import DISBURSEMENT, FOUR_EYES
from services.loan.domain.charges import NoServiceChargeRegime
from services.loan.domain.guarantors import requirement_for
from services.loan.domain.schedule import quote
from services.loan.domain.tables import OutsideTheTables
from services.loan.papers import schedule_paper
from services.loan.presenters import (
    application_out,
    loan_out,
    result_out,
    schedule_out,
    standing_out,
)
from services.loan.repository import LoanUnitOfWork
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
    GuarantorOut,
    LoanOut,
    PersonLoansOut,
    PersonRepaymentOut,
    PrepaymentWhatIfIn,
    PrepaymentWhatIfOut,
    QuoteIn,
    QuoteOut,
    RepaymentCallbackIn,
    RepaymentOut,
    ResultIn,
    ResultOut,
    ScheduleOut,
    ScholarshipIn,
    SponsorIn,
    SponsorOut,
    StandingOut,
)
from services.loan.usecases import applications, loans, papers, people, prepayments, repayments
from shared.kernel.clock import today
from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import ic_from_path
from shared.persistence.ledger import request_hash
from shared.web.deps import ClockDep, CurrentPrincipal, RuntimeDep, get_read_unit, get_unit_of_work
from shared.web.four_eyes import ACCEPTED, ApprovalRequestedOut
from shared.web.history import HistoryItem, history_page
from shared.web.pagination import Cursor, Limit, Page, after_instant, page_newest
from shared.web.papers import PDF_RESPONSES, pdf_response

router = APIRouter(prefix="/v1/loans", tags=["loans"])
Writes = Annotated[LoanUnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[LoanUnitOfWork, Depends(get_read_unit)]
_NO_SCHEDULE_YET: dict[int | str, dict[str, Any]] = {
    409: {"description": "The loan has no repayment schedule yet (disbursements still to come)"}
}


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
            message_of(exc),
            violations=[Violation(field="amount", message=msg("the schedule starts at RM1,000"))],
        ) from exc
    except NoServiceChargeRegime as exc:
        raise RuleViolated(
            message_of(exc),
            violations=[Violation(field="offer_accepted_on", message=message_of(exc))],
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


@router.post("/sponsors", response_model=SponsorOut, status_code=status.HTTP_201_CREATED)
async def record_sponsor(body: SponsorIn, principal: CurrentPrincipal, uow: Writes) -> SponsorOut:
    """Record an insured person whose dependants may apply, and the dependant's benefit (officers)."""
    sponsor = await applications.record_sponsor(
        uow,
        principal=principal,
        ic=body.ic,
        name=body.name,
        condition=body.condition.value,
        benefit=body.benefit.value,
    )
    return SponsorOut(id=sponsor.id, condition=sponsor.condition, benefit=sponsor.benefit)


@router.post("/applications", response_model=ApplicationOut, status_code=status.HTTP_201_CREATED)
async def submit_application(
    body: ApplicationIn, principal: CurrentPrincipal, uow: Writes
) -> ApplicationOut:
    """Apply (the member themself or an officer); every failed rule is reported with its code."""
    application = await applications.submit_application(uow, principal=principal, body=body)
    return application_out(application)


@router.get("/applications", response_model=Page[ApplicationOut])
async def list_applications(
    principal: CurrentPrincipal, reads: Reads, cursor: Cursor = None, limit: Limit = 50
) -> Page[ApplicationOut]:
    """A member's own applications; all for officers and dashboards; newest first."""
    found = await applications.list_applications(
        reads, principal=principal, after=after_instant(cursor), limit=limit
    )
    return page_newest(
        [application_out(r.application, r.loan_id) for r in found],
        [r.application for r in found],
        limit,
        at="submitted_at",
    )


@router.get("/applications/{application_id}", response_model=ApplicationOut)
async def get_application(
    application_id: str, principal: CurrentPrincipal, reads: Reads
) -> ApplicationOut:
    """One application with its documents list (another member's: 404)."""
    record = await applications.get_application(
        reads, principal=principal, application_id=application_id
    )
    return application_out(record.application, record.loan_id)


@router.post("/applications/{application_id}/documents", response_model=ApplicationOut)
async def add_documents(
    application_id: str, body: DocumentsIn, principal: CurrentPrincipal, uow: Writes
) -> ApplicationOut:
    """Record documents received for the application."""
    record = await applications.add_documents(
        uow, principal=principal, application_id=application_id, documents=body.documents
    )
    return application_out(record.application, record.loan_id)


@router.post("/applications/{application_id}/decision", response_model=ApplicationOut)
async def decide_application(
    application_id: str, body: DecisionIn, principal: CurrentPrincipal, uow: Writes
) -> ApplicationOut:
    """Approve with an amount (the offer) or reject with a reason (officers)."""
    application, loan = await applications.decide_application(
        uow,
        principal=principal,
        application_id=application_id,
        approve=body.approve,
        amount=body.amount,
        reason=body.reason,
    )
    return application_out(application, loan.id if loan else None)


@router.get("", response_model=Page[LoanOut])
async def list_loans(
    principal: CurrentPrincipal,
    reads: Reads,
    suspended: bool | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[LoanOut]:
    """Loans: a member's own; all for officers and dashboards (?suspended=true: CGPA
    suspensions); newest first."""
    found = await loans.list_loans(
        reads, principal=principal, suspended=suspended, after=after_instant(cursor), limit=limit
    )
    return page_newest(
        [loan_out(r.loan, r.guarantors) for r in found],
        [r.loan for r in found],
        limit,
        at="created_at",
    )


@router.get("/{loan_id}", response_model=LoanOut)
async def get_loan(loan_id: str, principal: CurrentPrincipal, reads: Reads) -> LoanOut:
    """One loan (its borrower, officers, dashboards), with any disbursement awaiting a second officer."""
    record = await loans.get_loan(reads, principal=principal, loan_id=loan_id)
    out = loan_out(record.loan, record.guarantors)
    out.pending_approvals = await FOUR_EYES.pending_for(reads, loan_id)
    return out


@router.post("/{loan_id}/acceptance", response_model=LoanOut)
async def accept_offer(
    loan_id: str, body: AcceptanceIn, principal: CurrentPrincipal, uow: Writes
) -> LoanOut:
    """Accept the offer: the date fixes the service charge."""
    record = await loans.accept_offer(
        uow, principal=principal, loan_id=loan_id, accepted_on=body.accepted_on
    )
    return loan_out(record.loan, record.guarantors)


@router.post(
    "/{loan_id}/guarantors", response_model=GuarantorOut, status_code=status.HTTP_201_CREATED
)
async def add_guarantor(
    loan_id: str, body: GuarantorIn, principal: CurrentPrincipal, uow: Writes
) -> GuarantorOut:
    """Add a guarantor who meets the rules; one applicant at a time (409)."""
    guarantor = await loans.add_guarantor(uow, principal=principal, loan_id=loan_id, body=body)
    return GuarantorOut(id=guarantor.id, name=guarantor.name)


@router.post(
    "/{loan_id}/disbursements",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def disburse(
    loan_id: str,
    body: DisbursementIn,
    principal: CurrentPrincipal,
    uow: Writes,
    runtime: RuntimeDep,
) -> ApprovalRequestedOut:
    """One semester: tuition to the institution, allowance to the student, premium to the insurer.

    Money paid out takes two officers: checked now (409 while suspended), held as a pending
    approval, and paid when another officer approves it (`/v1/loans/approvals/{id}/approve`)."""
    return await FOUR_EYES.ask(
        uow, principal, DISBURSEMENT, params={"loan_id": loan_id}, body=body, runtime=runtime
    )


@router.post("/{loan_id}/results", response_model=ResultOut, status_code=status.HTTP_201_CREATED)
async def record_result(
    loan_id: str, body: ResultIn, principal: CurrentPrincipal, uow: Writes
) -> ResultOut:
    """A semester's result; below CGPA 2.00 the next disbursement is suspended."""
    result = await loans.record_result(
        uow,
        principal=principal,
        loan_id=loan_id,
        semester=body.semester,
        cgpa=body.cgpa,
        final=body.final,
    )
    return result_out(result)


@router.post("/{loan_id}/counselling", response_model=LoanOut)
async def attend_counselling(
    loan_id: str, body: CounsellingIn, principal: CurrentPrincipal, uow: Writes
) -> LoanOut:
    """Counselling attended: a suspended disbursement is reinstated (officers)."""
    record = await loans.attend_counselling(
        uow,
        principal=principal,
        loan_id=loan_id,
        attended_on=body.attended_on,
        counsellor=body.counsellor,
    )
    return loan_out(record.loan, record.guarantors)


@router.get("/{loan_id}/schedule", response_model=ScheduleOut, responses=_NO_SCHEDULE_YET)
async def repayment_schedule(
    loan_id: str, principal: CurrentPrincipal, reads: Reads
) -> ScheduleOut:
    """Every instalment with its principal and service charge; they sum exactly to the total payable."""
    loan, schedule = await loans.repayment_schedule(reads, principal=principal, loan_id=loan_id)
    return schedule_out(loan, schedule)


@router.get("/{loan_id}/standing", response_model=StandingOut, responses=_NO_SCHEDULE_YET)
async def loan_standing(
    loan_id: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep
) -> StandingOut:
    """Arrears, and the borrower's and guarantors' standing when instalments are missed."""
    found = await loans.loan_standing(
        reads, principal=principal, loan_id=loan_id, today=today(clock)
    )
    return standing_out(found)


@router.post(
    "/{loan_id}/what-if",
    response_model=PrepaymentWhatIfOut,
    responses={
        409: {"description": "The loan is not being repaid (not yet, or completed)"},
        422: {"description": "`prepay` not above 0.00 or more than is owed; `on` before today"},
    },
)
async def prepayment_what_if(
    loan_id: str, body: PrepaymentWhatIfIn, principal: CurrentPrincipal, reads: Reads
) -> PrepaymentWhatIfOut:
    """What a prepayment on a day would do: the same instalment, fewer months, the service
    charge saved (the borrower or an officer). Nothing is recorded."""
    effect = await prepayments.prepayment_what_if(
        reads, principal=principal, loan_id=loan_id, prepay=body.prepay, on=body.on
    )
    return PrepaymentWhatIfOut(
        monthly_instalment=effect.monthly_instalment,
        months_left=effect.months_left,
        total_payable=effect.total_payable,
        saved=effect.saved,
    )


@router.post("/repayments/callbacks/{bank_code}", response_model=RepaymentOut)
async def repayment_callback(
    bank_code: str, body: RepaymentCallbackIn, principal: CurrentPrincipal, uow: Writes
) -> RepaymentOut:
    """A signed Maybank repayment (verified by the gateway); other banks are refused; idempotent per transaction."""
    answer = await repayments.record_bank_repayment(
        uow,
        principal=principal,
        repayment=repayments.ReceivedRepayment(
            bank_code=bank_code,
            txn_id=body.bank_txn_id,
            loan_account=body.loan_account,
            amount=body.amount,
            paid_at=body.paid_at,
            source="maybank",
            request_hash=request_hash(body),
        ),
    )
    return RepaymentOut.model_validate(answer)


@router.post("/{loan_id}/epf-withdrawals", response_model=RepaymentOut)
async def record_epf_withdrawal(
    loan_id: str, body: EpfWithdrawalIn, principal: CurrentPrincipal, uow: Writes
) -> RepaymentOut:
    """An EPF education withdrawal paid towards the loan, recorded by an officer."""
    answer = await repayments.record_epf_withdrawal(
        uow,
        principal=principal,
        loan_id=loan_id,
        epf_reference=body.epf_reference,
        amount=body.amount,
        received_at=body.received_at,
        request_hash=request_hash(body),
    )
    return RepaymentOut.model_validate(answer)


@router.post("/{loan_id}/scholarship", response_model=LoanOut)
async def convert_to_scholarship(
    loan_id: str, body: ScholarshipIn, principal: CurrentPrincipal, uow: Writes
) -> LoanOut:
    """Convert a diploma or degree loan into a scholarship when the final results meet the conditions."""
    record = await loans.convert_to_scholarship(
        uow,
        principal=principal,
        loan_id=loan_id,
        final_cgpa=body.final_cgpa,
        completed_in_time=body.completed_in_time,
    )
    return loan_out(record.loan, record.guarantors)


@router.get("/insured-persons/{ic}", response_model=PersonLoansOut)
async def insured_person_loans(
    ic: str, principal: CurrentPrincipal, reads: Reads
) -> PersonLoansOut:
    """One person's applications, loans and repayments (officers, dashboards, that member)."""
    digits = ic_from_path(ic)
    found = await people.person_loans(reads, principal=principal, ic=digits)
    return PersonLoansOut(
        ic=digits,
        applications=[application_out(r.application, r.loan_id) for r in found.applications],
        loans=[loan_out(r.loan, r.guarantors) for r in found.loans],
        repayments=[
            PersonRepaymentOut(id=r.id, amount=r.amount, source=r.source, paid_at=r.paid_at)
            for r in found.repayments
        ],
    )


@router.get("/applications/{application_id}/history", response_model=Page[HistoryItem])
async def application_history(
    application_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to an application, oldest first (whoever may see it)."""
    await applications.get_application(reads, principal=principal, application_id=application_id)
    return await history_page(reads, application_id, cursor=cursor, limit=limit)


@router.get("/{loan_id}/history", response_model=Page[HistoryItem])
async def loan_history(
    loan_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a loan, oldest first: offer, guarantors, disbursements and their approvals, results, repayments (whoever may see it)."""
    await loans.get_loan(reads, principal=principal, loan_id=loan_id)
    return await history_page(reads, loan_id, cursor=cursor, limit=limit)


@router.get(
    "/{loan_id}/schedule.pdf",
    response_class=Response,
    responses={**PDF_RESPONSES, **_NO_SCHEDULE_YET},
)
async def print_repayment_schedule(
    loan_id: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep
) -> Response:
    """The repayment schedule as a PDF to print, with the borrower (IC masked) and the terms."""
    found = await papers.printable_schedule(reads, principal=principal, loan_id=loan_id)
    return pdf_response(schedule_paper(found), generated_at=clock.now())
