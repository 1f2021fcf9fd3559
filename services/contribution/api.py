"""Routes of the contribution service: schema in, one use case, a response model out."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from services.contribution.approvals import (
    ALLOCATION,
    FOUR_EYES,
    REFUND,
    WAIVER,
    interest_policy,
)
from services.contribution.domain.banks import appointed_banks
from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import PaymentStatus, SubmissionStatus
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.self_employed import act789_plans
from services.contribution.papers import receipt_paper, statement_paper
from services.contribution.presenters import (
    employee_out,
    line_fields,
    overdue_out,
    payments_received_out,
    person_out,
    present_submission,
    queued_payment_out,
    statement_out,
    submission_summary_out,
)
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import (
    AllocationIn,
    AmendmentIn,
    ArrearsBandOut,
    ArrearsRowOut,
    ArrearsTotalsOut,
    BankOut,
    CalculateIn,
    CalculateOut,
    CallbackKind,
    CollectionRowOut,
    EmployeeIn,
    EmployeeOut,
    EmployerIn,
    EmployerOut,
    EmployerPatchIn,
    HousewifeIn,
    HousewifeRegistrationOut,
    InsuredContributionsOut,
    OverdueOut,
    PaymentCallbackIn,
    PaymentOut,
    PaymentsReceivedOut,
    PlanOut,
    QueuedPaymentOut,
    RefundIn,
    ReportFormat,
    SchemePaymentIn,
    SchemePaymentOut,
    SelfEmployedIn,
    SelfEmployedRegistrationOut,
    StatementOut,
    SubmissionIn,
    SubmissionOut,
    SubmissionSummaryOut,
    TerminationIn,
    UnmatchedBandOut,
    VoidIn,
    WaiverIn,
    WhatIfIn,
    WhatIfOut,
)
from services.contribution.usecases import (
    bulk_returns,
    corrections,
    employees,
    employers,
    papers,
    payments,
    reconciliation,
    reports,
    reversals,
    schemes,
    statements,
    submissions,
    what_if,
)
from services.contribution.usecases.payments import BankPayment, PaymentRecorder
from shared.kernel.clock import MALAYSIA_TIME, today
from shared.kernel.context import current_request_id
from shared.kernel.dates import MONTH_PATTERN, Day
from shared.kernel.ic import ic_from_path
from shared.kernel.money import ZERO, format_money
from shared.kernel.person_id import person_id_from_path
from shared.web.deps import (
    ClockDep,
    CurrentPrincipal,
    RuntimeDep,
    get_read_unit,
    get_unit_of_work,
)
from shared.web.four_eyes import ACCEPTED, ApprovalRequestedOut
from shared.web.history import HistoryItem, history_page
from shared.web.pagination import (
    Cursor,
    Limit,
    Page,
    after_day,
    after_instant,
    decode_cursor,
    malaysian_days,
    page_after,
    page_newest,
)
from shared.web.papers import PDF_RESPONSES, pdf_response
from shared.web.responses import CSV_TOO, csv_response, json_response

router = APIRouter(prefix="/v1/contributions", tags=["contributions"])
Explain = Annotated[bool, Query(description="Include how every amount was reached")]
Writes = Annotated[ContributionUnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[ContributionUnitOfWork, Depends(get_read_unit)]


async def _interest_policy(runtime: RuntimeDep) -> InterestPolicy:
    return interest_policy(runtime)


Policy = Annotated[InterestPolicy, Depends(_interest_policy)]


@router.post("/calculate", response_model=CalculateOut, response_model_exclude_none=False)
async def calculate_contribution(
    body: CalculateIn, principal: CurrentPrincipal, clock: ClockDep, explain: Explain = False
) -> CalculateOut:
    """The contribution for one wage, from the official schedules in force that month."""
    month = (
        ContributionMonth.parse(body.month) if body.month else ContributionMonth.of(today(clock))
    )
    with submissions.month_in_force(month):
        b = calculate(
            wage=body.wage,
            category=Category(body.category.value),
            eis=body.eis,
            month=month,
            skbbk=not body.skbbk_opt_out,
        )
    return CalculateOut.model_validate(
        {
            "wage": b.wage,
            "month": str(month),
            "band": {"above": b.band_above, "up_to": b.band_up_to},
            "ceiling": b.ceiling,
            "socso": b.socso.__dict__,
            "eis": b.eis.__dict__ if b.eis else None,
            "skbbk_employee": b.skbbk_employee,
            "explanation": list(b.explanation) if explain else None,
        }
    )


@router.get("/self-employed/plans", response_model=list[PlanOut])
async def list_self_employed_plans(principal: CurrentPrincipal) -> list[PlanOut]:
    """The Act 789 plans a self-employed person chooses from."""
    return [PlanOut.model_validate(plan.__dict__) for plan in act789_plans()]


@router.get("/banks", response_model=list[BankOut])
async def list_appointed_banks(principal: CurrentPrincipal) -> list[BankOut]:
    """The banks appointed to collect contributions."""
    return [BankOut(code=b.code, name=b.name, channels=list(b.channels)) for b in appointed_banks()]


@router.post("/employers", response_model=EmployerOut, status_code=status.HTTP_201_CREATED)
async def register_employer(
    body: EmployerIn, principal: CurrentPrincipal, uow: Writes
) -> EmployerOut:
    """Register an employer (officers)."""
    employer = await employers.register_employer(
        uow,
        principal=principal,
        employer_code=body.employer_code,
        name=body.name,
        state=body.state,
        mycoid=body.mycoid,
    )
    return EmployerOut.model_validate(employer, from_attributes=True)


@router.get("/employers", response_model=Page[EmployerOut])
async def search_employers(
    principal: CurrentPrincipal,
    reads: Reads,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=150, description="code beginning, or part of the name"),
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[EmployerOut]:
    """Employers by code or name, any case, in code order (officers, dashboards)."""
    key = decode_cursor(cursor, parts=1)
    found = await employers.search_employers(
        reads, principal=principal, q=q, after=key[0] if key else None, limit=limit
    )
    return page_after(
        [EmployerOut.model_validate(e, from_attributes=True) for e in found],
        found,
        limit,
        lambda e: (e.employer_code,),
    )


@router.patch("/employers/{employer_code}", response_model=EmployerOut)
async def update_employer(
    employer_code: str, body: EmployerPatchIn, principal: CurrentPrincipal, uow: Writes
) -> EmployerOut:
    """Change an employer's name, state or address (officers)."""
    employer = await employers.update_employer(
        uow, principal=principal, employer_code=employer_code, patch=body
    )
    return EmployerOut.model_validate(employer, from_attributes=True)


@router.get("/employers/{employer_code}/employees", response_model=Page[EmployeeOut])
async def list_employees(
    employer_code: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[EmployeeOut]:
    """The employer's registry, by ID number (that employer, officers, dashboards)."""
    key = decode_cursor(cursor, parts=1)
    found = await employees.employees_of(
        reads,
        principal=principal,
        employer_code=employer_code,
        after=key[0] if key else None,
        limit=limit,
    )
    return page_after([employee_out(e) for e in found], found, limit, lambda e: (e.ic,))


@router.post(
    "/employers/{employer_code}/employees",
    response_model=EmployeeOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_employee(
    employer_code: str, body: EmployeeIn, principal: CurrentPrincipal, uow: Writes
) -> EmployeeOut:
    """Record who started working for the employer, and when (that employer, officers)."""
    employee = await employees.add_employee(
        uow, principal=principal, employer_code=employer_code, body=body
    )
    return employee_out(employee)


@router.post("/employers/{employer_code}/employees/{ic}/termination", response_model=EmployeeOut)
async def terminate_employee(
    employer_code: str, ic: str, body: TerminationIn, principal: CurrentPrincipal, uow: Writes
) -> EmployeeOut:
    """Record that someone left: a month's line for them after it is refused."""
    employee = await employees.terminate(
        uow, principal=principal, employer_code=employer_code, ic=person_id_from_path(ic), body=body
    )
    return employee_out(employee)


@router.get("/employers/{employer_code}", response_model=EmployerOut)
async def get_employer(
    employer_code: str, principal: CurrentPrincipal, reads: Reads
) -> EmployerOut:
    """One employer (itself, officers, dashboards)."""
    employer = await employers.get_employer(reads, principal=principal, employer_code=employer_code)
    return EmployerOut.model_validate(employer, from_attributes=True)


@router.post(
    "/employers/{employer_code}/submissions",
    response_model=SubmissionOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        422: {
            "description": "Invalid input, every wrong field named in `errors`; a line whose "
            "IC gives an age under 13 or over 100 that month is `implausible-age` "
            "(`lines[i].ic`). Nothing is stored."
        }
    },
)
async def submit_contributions(
    employer_code: str, body: SubmissionIn, principal: CurrentPrincipal, uow: Writes
) -> Response:
    """A monthly submission: category and EIS derived per line, priced from the schedules;
    `warnings` name lines worth a look (a wage jump, another employer), never refusing it."""
    accepted = await submissions.submit_contributions(
        uow,
        employer_code=employer_code,
        month=body.month,
        lines=body.lines,
        principal=principal,
    )
    # Serialised once, from the rows just inserted (presenters.present_submission says why).
    return json_response(
        present_submission(accepted.submission, accepted.lines, accepted.warnings),
        status_code=status.HTTP_201_CREATED,
    )


@router.get("/employers/{employer_code}/submissions/{reference}", response_model=SubmissionOut)
async def get_submission(
    employer_code: str, reference: str, principal: CurrentPrincipal, reads: Reads
) -> Response:
    """One submission with its lines, and the warnings it was accepted (or amended) with."""
    submission = await submissions.get_submission(
        reads, principal=principal, employer_code=employer_code, reference=reference
    )
    return json_response(
        present_submission(
            submission,
            (line_fields(line) for line in submission.lines),
            bulk_returns.stored(submission),
        )
    )


@router.post(
    "/employers/{employer_code}/submissions/{reference}/amendments", response_model=SubmissionOut
)
async def amend_submission(
    employer_code: str,
    reference: str,
    body: AmendmentIn,
    principal: CurrentPrincipal,
    uow: Writes,
) -> Response:
    """Correct a submission (that employer, or an officer): lines added, removed, wages changed;
    its new version with every line. Once paid, the difference is outstanding or credit."""
    accepted = await corrections.amend(
        uow, principal=principal, employer_code=employer_code, reference=reference, changes=body
    )
    return json_response(present_submission(accepted.submission, accepted.lines, accepted.warnings))


@router.post(
    "/employers/{employer_code}/submissions/{reference}/interest-waivers",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def waive_interest(
    employer_code: str,
    reference: str,
    body: WaiverIn,
    principal: CurrentPrincipal,
    uow: Writes,
    runtime: RuntimeDep,
) -> ApprovalRequestedOut:
    """Waive late-payment interest a submission owes (officers, two of them): never more than
    it owes; the assessment stays on record."""
    return await FOUR_EYES.ask(
        uow,
        principal,
        WAIVER,
        params={"employer_code": employer_code, "reference": reference},
        body=body,
        runtime=runtime,
    )


@router.post(
    "/employers/{employer_code}/submissions/{reference}/void", response_model=SubmissionOut
)
async def void_submission(
    employer_code: str, reference: str, body: VoidIn, principal: CurrentPrincipal, uow: Writes
) -> Response:
    """Void an unpaid submission (officers, with the reason): its people's month is free again."""
    submission = await corrections.void(
        uow,
        principal=principal,
        employer_code=employer_code,
        reference=reference,
        reason=body.reason,
    )
    return json_response(present_submission(submission, []))


@router.post(
    "/employers/{employer_code}/submissions/{reference}/what-if",
    response_model=WhatIfOut,
    responses={
        409: {"description": "The submission was voided"},
        422: {"description": "`pay_on` before today, or outside 1900-01-01..2100-12-31"},
    },
)
async def what_if_paid_on(
    employer_code: str,
    reference: str,
    body: WhatIfIn,
    principal: CurrentPrincipal,
    reads: Reads,
    policy: Policy,
) -> WhatIfOut:
    """What paying the submission on a day would cost: days late, interest, total and how
    (the employer or an officer). Nothing is recorded; a paid one answers what it was charged."""
    found = await what_if.cost_if_paid_on(
        reads,
        principal=principal,
        employer_code=employer_code,
        reference=reference,
        pay_on=body.pay_on,
        policy=policy,
    )
    return WhatIfOut(
        days_late=found.days_late,
        late_interest=found.late_interest,
        total=found.total,
        explanation=list(found.explanation),
    )


@router.get("/employers/{employer_code}/statement", response_model=StatementOut)
async def get_statement(
    employer_code: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep, policy: Policy
) -> StatementOut:
    """Submissions, payments, outstanding amounts and late-payment interest."""
    statement = await statements.employer_statement(
        reads, principal=principal, employer_code=employer_code, today=today(clock), policy=policy
    )
    return statement_out(statement)


@router.post("/payments/callbacks/{bank_code}", response_model=PaymentOut)
async def receive_bank_payment(
    bank_code: str,
    body: PaymentCallbackIn,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    policy: Policy,
    explain: Explain = False,
) -> Response:
    """A bank's payment (verified by the gateway): matched, kept if unmatched, never twice; or
    its reversal (`"kind": "reversal"`, `original_bank_txn_id`): the payment undone."""
    if body.kind is CallbackKind.REVERSAL:
        uow = runtime.unit_of_work(actor=principal.client_id, correlation_id=current_request_id())
        assert isinstance(uow, ContributionUnitOfWork)
        reversed_ = await reversals.reverse(
            uow, principal=principal, bank_code=bank_code, body=body
        )
        return json_response(reversed_ if explain else {**reversed_, "explanation": None})
    payment = BankPayment.received(
        principal, bank_code, body, correlation_id=current_request_id(), now=runtime.clock.now()
    )
    recorder = runtime.component(PaymentRecorder, lambda: PaymentRecorder(runtime, policy))
    answer = await recorder.record(payment)
    # The answer is the stored PaymentOut document (a replay returns it as first sent), so it is
    # sent as it is rather than validated again on the busiest write path.
    return json_response(answer if explain else {**answer, "explanation": None})


@router.get("/insured-persons/{ic}", response_model=InsuredContributionsOut)
async def get_insured_person(
    ic: str, principal: CurrentPrincipal, reads: Reads
) -> InsuredContributionsOut:
    """One person's contributions across employers and schemes (officers, dashboards, that member)."""
    record = await statements.person_contributions(
        reads, principal=principal, ic=person_id_from_path(ic)
    )
    return person_out(record)


@router.post(
    "/self-employed/registrations",
    response_model=SelfEmployedRegistrationOut,
    status_code=status.HTTP_201_CREATED,
)
async def register_self_employed(
    body: SelfEmployedIn, principal: CurrentPrincipal, uow: Writes
) -> SelfEmployedRegistrationOut:
    """Register a self-employed person under an Act 789 plan (the person or an officer)."""
    registration = await schemes.register_self_employed(uow, principal=principal, body=body)
    return SelfEmployedRegistrationOut.model_validate(registration, from_attributes=True)


@router.post(
    "/housewives/registrations",
    response_model=HousewifeRegistrationOut,
    status_code=status.HTTP_201_CREATED,
)
async def register_housewife(
    body: HousewifeIn, principal: CurrentPrincipal, uow: Writes
) -> HousewifeRegistrationOut:
    """Register a housewife under Act 838 (the person or an officer)."""
    registration = await schemes.register_housewife(uow, principal=principal, body=body)
    return HousewifeRegistrationOut.model_validate(registration, from_attributes=True)


@router.post(
    "/self-employed/{ic}/payments",
    response_model=SchemePaymentOut,
    status_code=status.HTTP_201_CREATED,
)
async def pay_self_employed(
    ic: str, body: SchemePaymentIn, principal: CurrentPrincipal, uow: Writes
) -> SchemePaymentOut:
    """An Act 789 contribution: whole months of the chosen plan."""
    payment = await schemes.pay_scheme(
        uow, principal=principal, scheme=schemes.SELF_EMPLOYED, ic=ic_from_path(ic), body=body
    )
    return SchemePaymentOut.model_validate({**payment.__dict__, "payment_id": payment.id})


@router.post(
    "/housewives/{ic}/payments",
    response_model=SchemePaymentOut,
    status_code=status.HTTP_201_CREATED,
)
async def pay_housewife(
    ic: str, body: SchemePaymentIn, principal: CurrentPrincipal, uow: Writes
) -> SchemePaymentOut:
    """An Act 838 contribution: RM120 in advance for 12 consecutive months."""
    payment = await schemes.pay_scheme(
        uow, principal=principal, scheme=schemes.HOUSEWIFE, ic=ic_from_path(ic), body=body
    )
    return SchemePaymentOut.model_validate({**payment.__dict__, "payment_id": payment.id})


@router.get("/overdue", response_model=OverdueOut)
async def list_overdue(
    principal: CurrentPrincipal,
    reads: Reads,
    clock: ClockDep,
    policy: Policy,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> OverdueOut:
    """Submissions past their due date with an amount outstanding, oldest due first, each with
    the interest accruing (officers, dashboards), by cursor; `count` and `outstanding` are of
    all of them."""
    as_of = today(clock)
    found = await submissions.overdue(
        reads, principal=principal, today=as_of, policy=policy, after=after_day(cursor), limit=limit
    )
    return overdue_out(as_of, found, limit)


@router.get("/payments/received", response_model=PaymentsReceivedOut)
async def list_payments_received(
    principal: CurrentPrincipal, reads: Reads, clock: ClockDep, since: Day | None = None
) -> PaymentsReceivedOut:
    """Payments received since a day (default today, Malaysia time), with their total (officers, dashboards)."""
    day = since or today(clock)
    start = datetime.combine(day, time.min, tzinfo=MALAYSIA_TIME)
    found = await payments.payments_received_since(reads, principal=principal, since=start)
    return payments_received_out(day, found.newest, found.count, found.total)


@router.get("/payments", response_model=Page[QueuedPaymentOut])
async def payments_queue(
    principal: CurrentPrincipal,
    reads: Reads,
    status_filter: Annotated[PaymentStatus | None, Query(alias="status")] = None,
    bank: Annotated[str | None, Query(pattern=r"^[A-Z0-9]{2,10}$", description="bank code")] = None,
    received_from: Annotated[
        Day | None, Query(alias="from", description="first day received")
    ] = None,
    received_to: Annotated[Day | None, Query(alias="to", description="last day received")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[QueuedPaymentOut]:
    """The reconciliation queue (officers, dashboards): payments oldest first, by status
    (`?status=unmatched`, `overpaid`, ...), bank and the Malaysian days received, each with
    what is left of it to allocate."""
    after = after_instant(cursor)
    found = await reconciliation.queue(
        reads,
        principal=principal,
        status=status_filter.value if status_filter else None,
        after=after,
        limit=limit,
        bank_code=bank,
        received=malaysian_days(received_from, received_to),
    )
    return page_newest(
        [queued_payment_out(q) for q in found],
        [q.payment for q in found],
        limit,
        at="received_at",
        row_id="payment_id",
    )


@router.get("/payments/{payment_id}", response_model=QueuedPaymentOut)
async def get_payment(
    payment_id: str, principal: CurrentPrincipal, reads: Reads
) -> QueuedPaymentOut:
    """One payment, where its money is, and any allocation of it awaiting a second officer."""
    await payments.payment_for_history(reads, principal=principal, payment_id=payment_id)
    [found] = await reconciliation.one(reads, payment_id)
    out = queued_payment_out(found)
    out.pending_approvals = await FOUR_EYES.pending_for(reads, payment_id)
    return out


@router.post(
    "/payments/{payment_id}/allocations",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def allocate_payment(
    payment_id: str,
    body: AllocationIn,
    principal: CurrentPrincipal,
    uow: Writes,
    runtime: RuntimeDep,
) -> ApprovalRequestedOut:
    """Apply an unmatched payment, or an overpayment's excess, to a submission (officers, two
    of them): never more than is left of it; carried out when another officer approves."""
    return await FOUR_EYES.ask(
        uow, principal, ALLOCATION, params={"payment_id": payment_id}, body=body, runtime=runtime
    )


@router.post(
    "/employers/{employer_code}/refunds",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def refund_credit(
    employer_code: str,
    body: RefundIn,
    principal: CurrentPrincipal,
    uow: Writes,
    runtime: RuntimeDep,
) -> ApprovalRequestedOut:
    """Pay an employer's credit back (officers, two of them): never more than the credit."""
    return await FOUR_EYES.ask(
        uow,
        principal,
        REFUND,
        params={"employer_code": employer_code},
        body=body,
        runtime=runtime,
    )


@router.get("/submissions", response_model=Page[SubmissionSummaryOut])
async def list_submissions(
    principal: CurrentPrincipal,
    reads: Reads,
    status_filter: Annotated[SubmissionStatus | None, Query(alias="status")] = None,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM")] = None,
    employer: Annotated[str | None, Query(max_length=12, description="employer code")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[SubmissionSummaryOut]:
    """Submissions newest first, by status, month and employer (officers, dashboards; an
    employer sees its own)."""
    found = await submissions.list_submissions(
        reads,
        principal=principal,
        status=status_filter.value if status_filter else None,
        month=month,
        employer_code=employer,
        after=after_instant(cursor),
        limit=limit,
    )
    return page_newest([submission_summary_out(s) for s in found], found, limit, at="created_at")


@router.get("/reports/collections", response_model=list[CollectionRowOut], responses=CSV_TOO)
async def collections_report(
    principal: CurrentPrincipal,
    reads: Reads,
    start: Annotated[Day, Query(alias="from", description="first Malaysian day")],
    end: Annotated[Day, Query(alias="to", description="last Malaysian day (92 at most)")],
    format: ReportFormat = ReportFormat.JSON,
) -> Response:
    """Money received per day and bank (officers, dashboards); `?format=csv` for a spreadsheet."""
    rows = await reports.collections(reads, principal=principal, start=start, end=end)
    if format is ReportFormat.CSV:
        return csv_response(
            ("day", "bank_code", "payments", "amount"),
            ((r.day.isoformat(), r.bank_code, r.payments, format_money(r.amount)) for r in rows),
            filename=f"collections-{start}-{end}.csv",
        )
    return json_response(
        [
            {
                "day": r.day.isoformat(),
                "bank_code": r.bank_code,
                "payments": r.payments,
                "amount": format_money(r.amount),
            }
            for r in rows
        ]
    )


ARREARS_COLUMNS = (
    "employer_code",
    "days_0_30",
    "days_31_60",
    "days_61_90",
    "over_90",
    "total",
    "interest_accruing",
)


def _arrears_cells(row: reports.ArrearsRow) -> tuple[str, ...]:
    return (
        row.employer_code,
        *(format_money(v) for v in row.bands.values()),
        format_money(row.total),
        format_money(row.interest_accruing),
    )


@router.get("/reports/arrears-ageing/totals", response_model=ArrearsTotalsOut)
async def arrears_ageing_totals(
    principal: CurrentPrincipal, reads: Reads, clock: ClockDep
) -> ArrearsTotalsOut:
    """Every employer's contributions in arrears summed by days past due (officers,
    dashboards): the chart's figures, from one aggregate per band."""
    as_of = today(clock)
    employers, bands = await reports.arrears_totals(reads, principal=principal, today=as_of)
    return ArrearsTotalsOut(
        as_of=as_of,
        employers=employers,
        outstanding=sum((b.outstanding for b in bands), ZERO),
        bands=[ArrearsBandOut.model_validate(b, from_attributes=True) for b in bands],
    )


@router.get("/reports/arrears-ageing", response_model=Page[ArrearsRowOut], responses=CSV_TOO)
async def arrears_ageing_report(
    principal: CurrentPrincipal,
    reads: Reads,
    clock: ClockDep,
    policy: Policy,
    format: ReportFormat = ReportFormat.JSON,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Response:
    """Per employer, by code, contributions outstanding by days past due (0-30, 31-60, 61-90,
    over 90) and the interest accruing on them (officers, dashboards): a page of employers as
    JSON, or every employer in arrears as CSV (`?format=csv`, the whole report to download)."""
    as_of = today(clock)
    if format is ReportFormat.CSV:
        every = reports.every_employer_in_arrears(
            reads, principal=principal, today=as_of, policy=policy
        )
        table = [_arrears_cells(row) async for row in every]
        return csv_response(ARREARS_COLUMNS, table, filename=f"arrears-ageing-{as_of}.csv")
    after = decode_cursor(cursor, parts=1)
    rows = await reports.arrears_ageing(
        reads,
        principal=principal,
        today=as_of,
        policy=policy,
        after=after[0] if after else None,
        limit=limit,
    )
    items = [dict(zip(ARREARS_COLUMNS, _arrears_cells(r), strict=True)) for r in rows]
    page = page_after(items, rows, limit, lambda r: (r.employer_code,))
    return json_response(page.model_dump(mode="json"))


@router.get("/reports/unmatched-ageing", response_model=list[UnmatchedBandOut], responses=CSV_TOO)
async def unmatched_ageing_report(
    principal: CurrentPrincipal,
    reads: Reads,
    clock: ClockDep,
    format: ReportFormat = ReportFormat.JSON,
) -> Response:
    """Money no submission has been matched to yet, by days since it arrived (officers, dashboards)."""
    as_of = today(clock)
    rows = await reports.unmatched_ageing(reads, principal=principal, today=as_of)
    table = [(r.band, r.payments, format_money(r.amount)) for r in rows]
    if format is ReportFormat.CSV:
        return csv_response(
            ("band", "payments", "amount"), table, filename=f"unmatched-ageing-{as_of}.csv"
        )
    return json_response([{"band": b, "payments": n, "amount": a} for b, n, a in table])


@router.get(
    "/employers/{employer_code}/submissions/{reference}/history", response_model=Page[HistoryItem]
)
async def submission_history(
    employer_code: str,
    reference: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a submission, oldest first: accepted, paid, interest (whoever may see it)."""
    await submissions.get_submission(
        reads, principal=principal, employer_code=employer_code, reference=reference
    )
    return await history_page(reads, reference, cursor=cursor, limit=limit)


@router.get("/payments/{payment_id}/history", response_model=Page[HistoryItem])
async def payment_history(
    payment_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a payment, oldest first (officers, dashboards, its employer)."""
    await payments.payment_for_history(reads, principal=principal, payment_id=payment_id)
    return await history_page(reads, payment_id, cursor=cursor, limit=limit)


@router.get("/payments/{payment_id}/receipt.pdf", response_class=Response, responses=PDF_RESPONSES)
async def print_receipt(
    payment_id: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep
) -> Response:
    """The payment's official receipt as a PDF (whoever may see the payment)."""
    receipt = await papers.payment_receipt(reads, principal=principal, payment_id=payment_id)
    return pdf_response(receipt_paper(receipt), generated_at=clock.now())


@router.get(
    "/employers/{employer_code}/statement.pdf", response_class=Response, responses=PDF_RESPONSES
)
async def print_statement(
    employer_code: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep, policy: Policy
) -> Response:
    """The employer's statement as a PDF: the JSON statement's data, on as many pages as it takes."""
    statement = await statements.employer_statement(
        reads, principal=principal, employer_code=employer_code, today=today(clock), policy=policy
    )
    return pdf_response(statement_paper(statement), generated_at=clock.now())
