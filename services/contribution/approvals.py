"""The contribution service's commands that take two officers (shared.web.four_eyes): money
moved between accounts (an allocation of a payment to a submission) and paid back (a refund of
an employer's credit) and waived (late-payment interest)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from pydantic import BaseModel

from services.contribution import events
from services.contribution.domain.interest import InterestPolicy
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import (
    AllocationIn,
    AllocationOut,
    RefundIn,
    RefundOut,
    WaiverIn,
    WaiverOut,
)
from services.contribution.usecases import credit, reconciliation
from shared.kernel.money import format_money
from shared.web.auth import Principal
from shared.web.four_eyes import Command, FourEyes
from shared.web.runtime import ServiceRuntime

ALLOCATION = "contribution.payment.allocation"
REFUND = "contribution.credit.refund"
WAIVER = "contribution.interest.waiver"


def interest_policy(runtime: ServiceRuntime) -> InterestPolicy:
    """The late-interest rule as this deployment configures it (CONTRIBUTION_LATE_INTEREST_*)."""
    settings = runtime.settings
    return InterestPolicy(
        annual_rate=settings.interest_annual_rate,  # type: ignore[attr-defined]
        day_count=settings.interest_day_count,  # type: ignore[attr-defined]
        minimum_per_month=settings.interest_minimum_per_month,  # type: ignore[attr-defined]
        rounding_step=settings.interest_rounding_step,  # type: ignore[attr-defined]
    )


async def _allocate(
    uow: ContributionUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    body: AllocationIn,
    runtime: ServiceRuntime,
) -> BaseModel:
    done = await reconciliation.allocate(
        uow,
        principal=principal,
        payment_id=params["payment_id"],
        body=body,
        policy=interest_policy(runtime),
    )
    a = done.allocation
    return AllocationOut(
        allocation_id=a.id,
        payment_id=a.payment_id,
        reference=a.reference,
        amount=a.amount,
        applied=a.applied_amount,
        late_interest=a.late_interest,
        interest_settled=a.interest_settled,
        payment_status=done.payment.status,
        left_to_allocate=done.left,
    )


async def _describe_allocation(
    uow: ContributionUnitOfWork, params: Mapping[str, str], body: AllocationIn
) -> tuple[str, Decimal]:
    return (
        f"Allocate RM{format_money(body.amount)} of payment {params['payment_id']} "
        f"to {body.reference}",
        body.amount,
    )


async def _refund(
    uow: ContributionUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    body: RefundIn,
    runtime: ServiceRuntime,
) -> BaseModel:
    done = await credit.refund(
        uow, principal=principal, employer_code=params["employer_code"], body=body
    )
    r = done.refund
    return RefundOut(
        refund_id=r.id,
        employer_code=r.employer_code,
        amount=r.amount,
        drawn=r.drawn,
        credit_balance=done.credit_left,
    )


async def _describe_refund(
    uow: ContributionUnitOfWork, params: Mapping[str, str], body: RefundIn
) -> tuple[str, Decimal]:
    code = params["employer_code"]
    balance = await credit.employer_credit(uow, code)
    return (
        f"Refund RM{format_money(body.amount)} of credit to employer {code} "
        f"(credit RM{format_money(balance)})",
        body.amount,
    )


async def _waive(
    uow: ContributionUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    body: WaiverIn,
    runtime: ServiceRuntime,
) -> BaseModel:
    submission, left = await credit.waive_interest(
        uow,
        principal=principal,
        employer_code=params["employer_code"],
        reference=params["reference"],
        body=body,
    )
    return WaiverOut(reference=submission.reference, waived=body.amount, interest_owed=left)


async def _describe_waiver(
    uow: ContributionUnitOfWork, params: Mapping[str, str], body: WaiverIn
) -> tuple[str, Decimal]:
    return (
        f"Waive RM{format_money(body.amount)} of late-payment interest on {params['reference']}",
        body.amount,
    )


FOUR_EYES = FourEyes(
    "contribution",
    events.APPROVALS,
    [
        Command(ALLOCATION, "payment_id", _allocate, _describe_allocation, body=AllocationIn),
        Command(REFUND, "employer_code", _refund, _describe_refund, body=RefundIn),
        Command(WAIVER, "reference", _waive, _describe_waiver, body=WaiverIn),
    ],
)
