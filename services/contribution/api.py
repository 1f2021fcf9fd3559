"""Routes of the contribution service: schema in, one use case, schema out."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.contribution import repository, schemes, service
from services.contribution.domain.banks import appointed_banks
from services.contribution.domain.calculator import Category, calculate
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.self_employed import act789_plans
from services.contribution.payments import BankPayment, PaymentRecorder
from services.contribution.presenters import line_fields, present_submission
from services.contribution.schemas import (
    BankOut,
    CalculateIn,
    CalculateOut,
    EmployerIn,
    EmployerOut,
    HousewifeIn,
    InsuredContributionsOut,
    PaymentCallbackIn,
    PaymentOut,
    PlanOut,
    SchemePaymentIn,
    SchemePaymentOut,
    SelfEmployedIn,
    StatementOut,
    SubmissionIn,
    SubmissionOut,
)
from shared.kernel.clock import MALAYSIA_TIME, today
from shared.kernel.context import current_request_id
from shared.kernel.dates import Day
from shared.kernel.errors import NotFound
from shared.kernel.ic import ic_from_path
from shared.kernel.money import ZERO
from shared.web.auth import Role
from shared.web.deps import ClockDep, CurrentPrincipal, ReadSessionDep, RuntimeDep, UnitOfWorkDep
from shared.web.responses import json_response

router = APIRouter(prefix="/v1/contributions", tags=["contributions"])
Explain = Annotated[bool, Query(description="Include how every amount was reached")]


def interest_policy(runtime: RuntimeDep) -> InterestPolicy:
    settings = runtime.settings
    return InterestPolicy(
        annual_rate=settings.interest_annual_rate,  # type: ignore[attr-defined]
        day_count=settings.interest_day_count,  # type: ignore[attr-defined]
        minimum_per_month=settings.interest_minimum_per_month,  # type: ignore[attr-defined]
        rounding_step=settings.interest_rounding_step,  # type: ignore[attr-defined]
    )


@router.post("/calculate", response_model=CalculateOut, response_model_exclude_none=False)
async def calculate_contribution(
    body: CalculateIn, principal: CurrentPrincipal, clock: ClockDep, explain: Explain = False
) -> CalculateOut:
    """The contribution for one wage, from the official schedules in force that month."""
    month = (
        ContributionMonth.parse(body.month) if body.month else ContributionMonth.of(today(clock))
    )
    with service.month_in_force(month):
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
    body: EmployerIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> EmployerOut:
    """Register an employer (officers)."""
    principal.require_role(Role.OFFICER)
    employer = await service.register_employer(
        uow, employer_code=body.employer_code, name=body.name, state=body.state, mycoid=body.mycoid
    )
    return EmployerOut.model_validate(employer, from_attributes=True)


@router.get("/employers/{employer_code}", response_model=EmployerOut)
async def get_employer(
    employer_code: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> EmployerOut:
    """One employer (itself, officers, dashboards)."""
    service.ensure_may_act_for_employer(principal, employer_code, write=False)
    employer = await service.load_employer_or_404(session, employer_code)
    return EmployerOut.model_validate(employer, from_attributes=True)


@router.post(
    "/employers/{employer_code}/submissions",
    response_model=SubmissionOut,
    status_code=status.HTTP_201_CREATED,
)
async def submit_contributions(
    employer_code: str, body: SubmissionIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> Response:
    """A monthly submission: category and EIS derived per line, priced from the schedules."""
    service.ensure_may_act_for_employer(principal, employer_code, write=True)
    accepted = await service.submit_contributions(
        uow, employer_code=employer_code, month=body.month, lines=body.lines, principal=principal
    )
    return json_response(
        present_submission(accepted.submission, accepted.lines),
        status_code=status.HTTP_201_CREATED,
    )


@router.get("/employers/{employer_code}/submissions/{reference}", response_model=SubmissionOut)
async def get_submission(
    employer_code: str, reference: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> Response:
    """One submission with its lines."""
    service.ensure_may_act_for_employer(principal, employer_code, write=False)
    submission = await repository.get_submission_by_reference(session, reference, with_lines=True)
    if submission is None or submission.employer_code != employer_code:
        raise NotFound(f"Submission {reference} not found")
    return json_response(
        present_submission(submission, (line_fields(line) for line in submission.lines))
    )


@router.get("/employers/{employer_code}/statement", response_model=StatementOut)
async def get_statement(
    employer_code: str,
    principal: CurrentPrincipal,
    session: ReadSessionDep,
    clock: ClockDep,
    runtime: RuntimeDep,
) -> StatementOut:
    """Submissions, payments, outstanding amounts and late-payment interest."""
    service.ensure_may_act_for_employer(principal, employer_code, write=False)
    employer = await service.load_employer_or_404(session, employer_code)
    statement = await service.employer_statement(
        session, employer=employer, today=today(clock), policy=interest_policy(runtime)
    )
    return StatementOut.model_validate(statement)


@router.post("/payments/callbacks/{bank_code}", response_model=PaymentOut)
async def receive_bank_payment(
    bank_code: str,
    body: PaymentCallbackIn,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    explain: Explain = False,
) -> Response:
    """A bank's payment (verified by the gateway): matched, kept if unmatched, never twice."""
    principal.require_signed_callback()
    if principal.bank_code != bank_code:
        raise NotFound(f"Bank {bank_code} not found")
    recorder = runtime.component(
        PaymentRecorder, lambda: PaymentRecorder(runtime, interest_policy(runtime))
    )
    answer = await recorder.record(
        BankPayment.received(
            bank_code, body, actor=principal.client_id, correlation_id=current_request_id()
        )
    )
    # The answer is the stored PaymentOut document (a replay returns it as first sent), so it is
    # sent as it is rather than validated again on the busiest write path.
    return json_response(answer if explain else {**answer, "explanation": None})


@router.get("/payments/unmatched", response_model=list[PaymentOut])
async def list_unmatched_payments(
    principal: CurrentPrincipal, session: ReadSessionDep
) -> list[PaymentOut]:
    """Payments whose reference matched no submission, for reconciliation."""
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    return [
        PaymentOut(
            payment_id=p.payment_id,
            reference=p.reference,
            status=p.status,
            days_late=p.days_late,
            late_interest=p.late_interest,
            amount=p.amount,
        )
        for p in await repository.unmatched_payments(session)
    ]


@router.get("/insured-persons/{ic}", response_model=InsuredContributionsOut)
async def get_insured_person(
    ic: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> InsuredContributionsOut:
    """One person's contributions across employers and schemes (officers, dashboards, that member)."""
    digits = ic_from_path(ic)
    service.ensure_may_read_person(principal, digits)
    return InsuredContributionsOut.model_validate(
        await service.insured_person_contributions(session, ic=digits)
    )


@router.post("/self-employed/registrations", status_code=status.HTTP_201_CREATED)
async def register_self_employed(
    body: SelfEmployedIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """Register a self-employed person under an Act 789 plan (the person or an officer)."""
    schemes.ensure_may_act_for_person(principal, body.ic)
    registration = await schemes.register_self_employed(uow, body=body)
    return {"ic": registration.ic, "plan": registration.plan, "sector": registration.sector}


@router.post("/housewives/registrations", status_code=status.HTTP_201_CREATED)
async def register_housewife(
    body: HousewifeIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """Register a housewife under Act 838 (the person or an officer)."""
    schemes.ensure_may_act_for_person(principal, body.ic)
    registration = await schemes.register_housewife(uow, body=body)
    return {"ic": registration.ic, "spouse_ic": registration.spouse_ic}


@router.post(
    "/self-employed/{ic}/payments",
    response_model=SchemePaymentOut,
    status_code=status.HTTP_201_CREATED,
)
async def pay_self_employed(
    ic: str, body: SchemePaymentIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> SchemePaymentOut:
    """An Act 789 contribution: whole months of the chosen plan."""
    digits = ic_from_path(ic)
    schemes.ensure_may_act_for_person(principal, digits)
    payment = await schemes.pay_scheme(uow, scheme=schemes.SELF_EMPLOYED, ic=digits, body=body)
    return SchemePaymentOut.model_validate({**payment.__dict__, "payment_id": payment.id})


@router.post(
    "/housewives/{ic}/payments",
    response_model=SchemePaymentOut,
    status_code=status.HTTP_201_CREATED,
)
async def pay_housewife(
    ic: str, body: SchemePaymentIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> SchemePaymentOut:
    """An Act 838 contribution: RM120 in advance for 12 consecutive months."""
    digits = ic_from_path(ic)
    schemes.ensure_may_act_for_person(principal, digits)
    payment = await schemes.pay_scheme(uow, scheme=schemes.HOUSEWIFE, ic=digits, body=body)
    return SchemePaymentOut.model_validate({**payment.__dict__, "payment_id": payment.id})


@router.get("/overdue")
async def list_overdue(
    principal: CurrentPrincipal, session: ReadSessionDep, clock: ClockDep, runtime: RuntimeDep
) -> dict[str, object]:
    """Submissions past their due date with an amount outstanding, and the interest accruing (officers, dashboards)."""
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    as_of = today(clock)
    policy = interest_policy(runtime)
    rows = []
    for s in await repository.overdue_submissions(session, as_of):
        outstanding = max(s.total - s.amount_paid, ZERO)
        days, accruing = service.interest_accruing(
            outstanding=outstanding, due=s.due_date, today=as_of, policy=policy
        )
        rows.append(
            {
                "reference": s.reference,
                "employer_code": s.employer_code,
                "month": s.month,
                "due_date": s.due_date.isoformat(),
                "outstanding": f"{outstanding:.2f}",
                "days_overdue": days,
                "interest_accruing": f"{accruing:.2f}",
            }
        )
    return {"as_of": as_of.isoformat(), "count": len(rows), "submissions": rows}


@router.get("/payments")
async def list_payments_received(
    principal: CurrentPrincipal, session: ReadSessionDep, clock: ClockDep, since: Day | None = None
) -> dict[str, object]:
    """Payments received since a day (default today, Malaysia time), with their total (officers, dashboards)."""
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    day = since or today(clock)
    start = datetime.combine(day, time.min, tzinfo=MALAYSIA_TIME)
    payments = await repository.payments_received_since(session, start)
    return {
        "since": day.isoformat(),
        "count": len(payments),
        "total": f"{sum((p.amount for p in payments), ZERO):.2f}",
        "payments": [
            {
                "payment_id": p.payment_id,
                "bank_code": p.bank_code,
                "reference": p.reference,
                "amount": f"{p.amount:.2f}",
                "status": p.status,
                "received_at": p.received_at.isoformat(),
            }
            for p in payments[:100]
        ],
    }
