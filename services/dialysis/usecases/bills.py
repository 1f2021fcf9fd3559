"""Panel centres' bills: approved sessions, each billed once; approved, then paid."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.dialysis import access
from services.dialysis.domain import lifecycle
from services.dialysis.domain.billing import PricedItem, Refusal, price_treatment
from services.dialysis.domain.centres import CentreKind, bills_on
from services.dialysis.domain.lifecycle import BillStatus
from services.dialysis.domain.treatment import TreatmentStatus
from services.dialysis.events import BillApproved, BillSubmitted, ClaimPaid
from services.dialysis.models import Bill, BilledSession, Treatment
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import BillIn
from services.dialysis.usecases.treatments import load as load_treatment
from shared.kernel.dates import ensure_happened
from shared.kernel.errors import Conflict, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO
from shared.web.auth import Principal


@dataclass(frozen=True)
class BillRecord:
    bill: Bill
    sessions: Sequence[BilledSession] = ()


def approved_period(treatment: Treatment) -> tuple[date, date]:
    """The days a treatment covers, or 409 while it is not approved."""
    if (
        treatment.status != TreatmentStatus.APPROVED.value
        or treatment.approved_from is None
        or treatment.approved_until is None
    ):
        raise Conflict(msg("The treatment is not approved"))
    return treatment.approved_from, treatment.approved_until


async def load(uow: DialysisUnitOfWork, principal: Principal, bill_id: str) -> Bill:
    """The bill if the caller may see it (another centre's: 404)."""
    return access.ensure_may_see_bill(principal, await uow.bills.get(bill_id), bill_id)


async def get_bill(uow: DialysisUnitOfWork, *, principal: Principal, bill_id: str) -> BillRecord:
    bill = await load(uow, principal, bill_id)
    return BillRecord(bill, await uow.bills.sessions_of(bill.id))


async def list_bills(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    after: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> Sequence[Bill]:
    """A centre's own bills; all for officers and dashboards; newest first."""
    return await uow.bills.newest(centre_id=access.own_centre(principal), after=after, limit=limit)


def _refuse(items: list[PricedItem]) -> None:
    """A bill with any session refused is refused whole: 409 if one was billed before, else 422."""
    refused = [i for i in items if i.approved == ZERO]
    if not refused:
        return
    violations = [
        Violation(field="session_dates", message=i.refused_reason or "refused") for i in refused
    ]
    if any(i.refusal is Refusal.ALREADY_BILLED for i in refused):
        raise Conflict(msg("A session was already billed"), violations=violations)
    raise RuleViolated(msg("Some sessions cannot be billed"), violations=violations)


async def submit_bill(
    uow: DialysisUnitOfWork, *, principal: Principal, body: BillIn
) -> tuple[Bill, list[PricedItem]]:
    """A panel centre bills approved sessions; any date outside the approval or billed before refuses the bill."""
    access.ensure_may_bill(principal)
    ensure_happened({"session_dates": body.session_dates}, now=uow.now())
    if len(set(body.session_dates)) != len(body.session_dates):
        raise RuleViolated(
            msg("A session date appears twice"),
            violations=[Violation(field="session_dates", message=msg("each session once"))],
        )
    async with uow:
        treatment = await load_treatment(uow, principal, body.treatment_id)
        start, end = approved_period(treatment)
        centre = await uow.centres.get(treatment.centre_id)
        assert centre is not None
        not_panel = [
            d
            for d in body.session_dates
            if not bills_on(
                CentreKind(centre.kind), centre.panel_valid_from, centre.panel_valid_until, d
            )
        ]
        if not_panel:
            raise RuleViolated(
                msg("The centre was not a panel or NGO centre on every date"),
                violations=[
                    Violation(
                        field="session_dates",
                        message=msg("not on the panel on {d}", d=d.isoformat()),
                    )
                    for d in not_panel
                ],
            )
        items = price_treatment(
            treatment.modality,
            dates=sorted(body.session_dates),
            approved_from=start,
            approved_until=end,
            already_billed=await uow.bills.billed_dates(treatment.id),
        )
        _refuse(items)
        bill = Bill(
            id=str(uuid.uuid4()),
            centre_id=centre.id,
            treatment_id=treatment.id,
            status=BillStatus.SUBMITTED.value,
            amount=sum((i.approved for i in items), ZERO),
            submitted_at=uow.now(),
        )
        uow.bills.add(
            bill,
            [
                BilledSession(
                    treatment_id=treatment.id,
                    session_date=i.service_date,
                    bill_id=bill.id,
                    amount=i.approved,
                )
                for i in items
            ],
        )
        uow.record(
            BillSubmitted(
                bill_id=bill.id, centre_id=centre.id, amount=bill.amount, sessions=len(items)
            )
        )
        await uow.commit()
        return bill, items


async def approve_bill(
    uow: DialysisUnitOfWork, *, principal: Principal, bill_id: str
) -> BillRecord:
    """Approve a submitted bill (officers)."""
    access.ensure_officer(principal)
    async with uow:
        bill = await load(uow, principal, bill_id)
        bill.status = lifecycle.bill_approved(BillStatus(bill.status)).value
        bill.approved_at = uow.now()
        uow.record(BillApproved(bill_id=bill.id, amount=bill.amount))
        record = BillRecord(bill, await uow.bills.sessions_of(bill.id))
        await uow.commit()
        return record


async def pay_bill(uow: DialysisUnitOfWork, *, principal: Principal, bill_id: str) -> BillRecord:
    """Pay an approved bill: dialysis.claim.paid."""
    access.ensure_officer(principal)
    async with uow:
        bill = await load(uow, principal, bill_id)
        bill.status = lifecycle.bill_paid(BillStatus(bill.status)).value
        bill.paid_at = uow.now()
        uow.record(
            ClaimPaid(
                claim_id=bill.id, kind="panel_bill", centre_id=bill.centre_id, amount=bill.amount
            )
        )
        record = BillRecord(bill, await uow.bills.sessions_of(bill.id))
        await uow.commit()
        return record
