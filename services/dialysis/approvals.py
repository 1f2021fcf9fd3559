"""The dialysis service's commands that take two officers (shared.web.four_eyes): a bill paid to
a centre, a claim paid to a patient, a grant to a centre."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from pydantic import BaseModel

from services.dialysis import events
from services.dialysis.presenters import bill_out, billed_sessions_out, claim_out
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import GrantIn, GrantOut
from services.dialysis.usecases import bills, centres, claims
from shared.kernel.money import format_money
from shared.web.auth import Principal
from shared.web.four_eyes import Command, FourEyes
from shared.web.runtime import ServiceRuntime

BILL_PAYMENT = "dialysis.bill.payment"
CLAIM_PAYMENT = "dialysis.claim.payment"
GRANT = "dialysis.grant"


async def _pay_bill(
    uow: DialysisUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    _: None,
    _runtime: ServiceRuntime,
) -> BaseModel:
    record = await bills.pay_bill(uow, principal=principal, bill_id=params["bill_id"])
    return bill_out(record.bill, billed_sessions_out(record.sessions))


async def _describe_bill(
    uow: DialysisUnitOfWork, params: Mapping[str, str], _: None
) -> tuple[str, Decimal | None]:
    bill = await uow.bills.get(params["bill_id"])
    amount = bill.amount if bill else None
    centre = bill.centre_id if bill else "?"
    return f"Pay bill {params['bill_id']} to centre {centre}: RM{_rm(amount)}", amount


async def _pay_claim(
    uow: DialysisUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    _: None,
    _runtime: ServiceRuntime,
) -> BaseModel:
    return claim_out(await claims.pay_claim(uow, principal=principal, claim_id=params["claim_id"]))


async def _describe_claim(
    uow: DialysisUnitOfWork, params: Mapping[str, str], _: None
) -> tuple[str, Decimal | None]:
    claim = await uow.claims.get(params["claim_id"])
    amount = claim.approved - claim.paid_amount if claim else None
    kind = claim.kind if claim else "claim"
    return f"Pay {kind} claim {params['claim_id']}: RM{_rm(amount)}", amount


async def _grant(
    uow: DialysisUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    body: GrantIn,
    _runtime: ServiceRuntime,
) -> BaseModel:
    grant = await centres.approve_grant(
        uow,
        principal=principal,
        centre_id=params["centre_id"],
        amount=body.amount,
        reason=body.reason,
        approved_on=body.approved_on,
    )
    return GrantOut.model_validate(grant, from_attributes=True)


async def _describe_grant(
    uow: DialysisUnitOfWork, params: Mapping[str, str], body: GrantIn
) -> tuple[str, Decimal]:
    return f"Grant RM{_rm(body.amount)} to centre {params['centre_id']}", body.amount


def _rm(amount: Decimal | None) -> str:
    return format_money(amount) if amount is not None else "?"


FOUR_EYES = FourEyes(
    "dialysis",
    events.APPROVALS,
    [
        Command(BILL_PAYMENT, "bill_id", _pay_bill, _describe_bill),
        Command(CLAIM_PAYMENT, "claim_id", _pay_claim, _describe_claim),
        Command(GRANT, "centre_id", _grant, _describe_grant, body=GrantIn),
    ],
)
