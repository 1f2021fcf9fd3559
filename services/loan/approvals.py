"""The loan service's commands that take two officers (shared.web.four_eyes): money paid out."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from services.loan import events
from services.loan.presenters import disbursement_out
from services.loan.repository import LoanUnitOfWork
from services.loan.schemas import DisbursementIn, DisbursementOut
from services.loan.usecases import loans
from shared.kernel.money import format_money
from shared.web.auth import Principal
from shared.web.four_eyes import Command, FourEyes
from shared.web.runtime import ServiceRuntime

DISBURSEMENT = "loan.disbursement"


async def _disburse(
    uow: LoanUnitOfWork,
    principal: Principal,
    params: Mapping[str, str],
    body: DisbursementIn,
    _runtime: ServiceRuntime,
) -> DisbursementOut:
    record = await loans.disburse(uow, principal=principal, loan_id=params["loan_id"], body=body)
    return disbursement_out(record)


async def _describe_disbursement(
    uow: LoanUnitOfWork, params: Mapping[str, str], body: DisbursementIn
) -> tuple[str, Decimal]:
    total = (
        body.registration_fee
        + body.education_fee
        + body.examination_fee
        + body.lab_fee
        + body.allowance
        + body.insurance_premium
    )
    final = ", the final one" if body.final else ""
    return (
        f"Disburse RM{format_money(total)} for semester {body.semester} of loan "
        f"{params['loan_id']}{final}",
        total,
    )


FOUR_EYES = FourEyes(
    "loan",
    events.APPROVALS,
    [
        Command(
            action=DISBURSEMENT,
            record_param="loan_id",
            run=_disburse,
            describe=_describe_disbursement,
            body=DisbursementIn,
        )
    ],
)
