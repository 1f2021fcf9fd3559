"""Use cases of the dialysis service: one transaction each, events recorded in it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dialysis import events
from services.dialysis.domain.billing import PricedItem, price_sessions, price_support_item
from services.dialysis.domain.centres import (
    MAY_RECEIVE_MACHINES,
    REIMBURSED_TO_PATIENT,
    CentreKind,
    panel_on,
)
from services.dialysis.domain.rates import limits
from services.dialysis.domain.treatment import TreatmentStatus, approval_period, check_request
from services.dialysis.models import (
    Bill,
    BilledSession,
    Centre,
    Claim,
    Donation,
    Grant,
    InsuredRecord,
    Treatment,
    WelfareNote,
)
from services.dialysis.schemas import BillIn, CentreIn, ReimbursementIn, SupportClaimIn, TreatmentIn
from shared.kernel import jsonutil
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, Forbidden, NotFound, RuleCheck, RuleViolated, Violation
from shared.kernel.ic import mask_ic
from shared.kernel.money import ZERO
from shared.persistence.uow import UnitOfWork
from shared.web.auth import Principal, Role


def may_see_treatment(principal: Principal, treatment: Treatment) -> bool:
    """A centre sees its own patients, a member their own treatment; officers and dashboards all."""
    if principal.role in (Role.OFFICER, Role.DASHBOARD):
        return True
    if principal.role is Role.DIALYSIS_CENTRE:
        return principal.centre_id == treatment.centre_id
    if principal.role is Role.MEMBER:
        return principal.ic == treatment.ic
    return False


async def load_treatment(
    session: AsyncSession, principal: Principal, treatment_id: str
) -> Treatment:
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.DIALYSIS_CENTRE, Role.MEMBER)
    treatment = await session.get(Treatment, treatment_id)
    if treatment is None or not may_see_treatment(principal, treatment):
        raise NotFound(f"Treatment {treatment_id} not found")
    return treatment


async def register_centre(uow: UnitOfWork, *, body: CentreIn) -> Centre:
    async with uow:
        if await uow.session.get(Centre, body.id) is not None:
            raise Conflict(f"Centre {body.id} already exists")
        centre = Centre(
            id=body.id,
            name=body.name,
            kind=body.kind.value,
            state=body.state,
            machines=body.machines,
            shifts_per_day=body.shifts_per_day,
            panel_valid_from=None,
            panel_valid_until=None,
            registered_at=uow.now(),
        )
        uow.session.add(centre)
        uow.record(
            events.CENTRE_REGISTERED,
            subject=centre.id,
            data={"centre_id": centre.id, "kind": centre.kind},
        )
        await uow.commit()
        return centre


async def appoint_panel_centre(
    uow: UnitOfWork, *, centre_id: str, valid_from: date, valid_until: date | None
) -> Centre:
    """Appoint a centre to PERKESO's panel for a period."""
    if valid_until is not None and valid_until < valid_from:
        raise RuleViolated(
            "The appointment ends before it begins",
            violations=[Violation(field="valid_until", message="before valid_from")],
        )
    async with uow:
        centre = await uow.session.get(Centre, centre_id)
        if centre is None:
            raise NotFound(f"Centre {centre_id} not found")
        if centre.kind not in (CentreKind.PANEL.value, CentreKind.NON_PANEL_PRIVATE.value):
            raise RuleViolated(
                "Only private centres join the panel",
                violations=[
                    Violation(
                        field="centre_id",
                        message=f"a {centre.kind} centre is not appointed to the panel",
                    )
                ],
            )
        centre.kind = CentreKind.PANEL.value
        centre.panel_valid_from, centre.panel_valid_until = valid_from, valid_until
        uow.record(
            events.CENTRE_APPOINTED,
            subject=centre.id,
            data={"centre_id": centre.id, "valid_from": valid_from.isoformat()},
        )
        await uow.commit()
        return centre


async def request_treatment(
    uow: UnitOfWork, *, principal: Principal, body: TreatmentIn
) -> Treatment:
    """A treatment request by the member, a centre or an officer; refused when not insured, unless overridden."""
    if principal.role is Role.MEMBER and principal.ic != body.ic:
        raise NotFound("Insured person not found")
    if principal.role is Role.DIALYSIS_CENTRE and principal.centre_id != body.centre_id:
        raise NotFound(f"Centre {body.centre_id} not found")
    if principal.role not in (Role.MEMBER, Role.DIALYSIS_CENTRE, Role.OFFICER):
        raise Forbidden(f"Role '{principal.role.value}' may not request treatment")
    async with uow:
        session = uow.session
        if await session.get(Centre, body.centre_id) is None:
            raise RuleViolated(
                "Unknown centre",
                violations=[Violation(field="centre_id", message="no such centre")],
            )
        insured = await session.get(InsuredRecord, body.ic) is not None
        check = RuleCheck()
        check_request(
            check,
            diagnosis=body.diagnosis,
            insured=insured,
            override_reason=body.override_reason,
            by_officer=principal.role is Role.OFFICER,
        )
        check.raise_if_failed("The treatment request cannot be accepted")
        active = (
            await session.execute(select(Treatment).where(Treatment.active_key == body.ic))
        ).scalar_one_or_none()
        if active is not None:
            raise Conflict(
                "This person already has an active treatment",
                extra={"treatment_id": active.id if may_see_treatment(principal, active) else None},
            )
        treatment = Treatment(
            id=str(uuid.uuid4()),
            ic=body.ic,
            centre_id=body.centre_id,
            diagnosis="ESRF",
            modality=body.modality.value,
            status=TreatmentStatus.REQUESTED.value,
            active_key=body.ic,
            override_reason=body.override_reason,
            requested_by=uow.actor,
            requested_at=uow.now(),
        )
        session.add(treatment)
        uow.record(
            events.TREATMENT_REQUESTED,
            subject=treatment.id,
            data={
                "treatment_id": treatment.id,
                "centre_id": treatment.centre_id,
                "overridden": body.override_reason is not None,
            },
        )
        await uow.commit()
        return treatment


async def decide_treatment(
    uow: UnitOfWork,
    *,
    treatment_id: str,
    approve: bool,
    starts_on: date | None,
    reason: str | None,
    principal: Principal,
) -> Treatment:
    """Approve (dialysis.treatment.approved) or refuse (dialysis.treatment.refused, appealable)."""
    async with uow:
        treatment = await load_treatment(uow.session, principal, treatment_id)
        if treatment.status != TreatmentStatus.REQUESTED.value:
            raise Conflict(f"The treatment is already {treatment.status}")
        treatment.decided_at = uow.now()
        if approve:
            start = starts_on or malaysia_date(uow.now())
            treatment.approved_from, treatment.approved_until = approval_period(
                start, limits().approval_months
            )
            treatment.status = TreatmentStatus.APPROVED.value
            uow.record(
                events.TREATMENT_APPROVED,
                subject=treatment.id,
                data={
                    "treatment_id": treatment.id,
                    "centre_id": treatment.centre_id,
                    "modality": treatment.modality,
                    "approved_from": treatment.approved_from.isoformat(),
                    "approved_until": treatment.approved_until.isoformat(),
                },
            )
        else:
            if not reason:
                raise RuleViolated(
                    "A refusal needs its reason",
                    violations=[Violation(field="reason", message="required when refusing")],
                )
            treatment.status = TreatmentStatus.REFUSED.value
            treatment.active_key = None
            treatment.refusal_reason = reason
            # The appeals service needs the person to link an appeal: the IC travels in this decision.
            uow.record(
                events.TREATMENT_REFUSED,
                subject=treatment.id,
                data={
                    "treatment_id": treatment.id,
                    "ic": treatment.ic,
                    "reason": reason,
                    "decided_on": malaysia_date(uow.now()).isoformat(),
                },
            )
        await uow.commit()
        return treatment


async def _billed_dates(session: AsyncSession, treatment_id: str) -> set[date]:
    rows = await session.execute(
        select(BilledSession.session_date).where(BilledSession.treatment_id == treatment_id)
    )
    return set(rows.scalars().all())


def _approved(treatment: Treatment) -> tuple[date, date]:
    if (
        treatment.status != TreatmentStatus.APPROVED.value
        or treatment.approved_from is None
        or treatment.approved_until is None
    ):
        raise Conflict("The treatment is not approved")
    return treatment.approved_from, treatment.approved_until


async def submit_bill(
    uow: UnitOfWork, *, principal: Principal, body: BillIn
) -> tuple[Bill, list[PricedItem]]:
    """A panel centre bills approved sessions; any date outside the approval or billed before refuses the bill."""
    principal.require_role(Role.DIALYSIS_CENTRE)
    if len(set(body.session_dates)) != len(body.session_dates):
        raise RuleViolated(
            "A session date appears twice",
            violations=[Violation(field="session_dates", message="each session once")],
        )
    async with uow:
        session = uow.session
        treatment = await load_treatment(session, principal, body.treatment_id)
        start, end = _approved(treatment)
        centre = await session.get(Centre, treatment.centre_id)
        assert centre is not None
        not_panel = [
            d
            for d in body.session_dates
            if not panel_on(
                CentreKind(centre.kind), centre.panel_valid_from, centre.panel_valid_until, d
            )
        ]
        if not_panel:
            raise RuleViolated(
                "The centre was not a panel centre on every date",
                violations=[
                    Violation(field="session_dates", message=f"not on the panel on {d.isoformat()}")
                    for d in not_panel
                ],
            )
        items = price_sessions(
            dates=sorted(body.session_dates),
            approved_from=start,
            approved_until=end,
            already_billed=await _billed_dates(session, treatment.id),
        )
        refused = [i for i in items if i.approved == ZERO]
        if refused:
            duplicate = any("already billed" in (i.refused_reason or "") for i in refused)
            violations = [
                Violation(field="session_dates", message=i.refused_reason or "refused")
                for i in refused
            ]
            if duplicate:
                raise Conflict(
                    "A session was already billed",
                    extra={"errors": [v.message for v in violations]},
                )
            raise RuleViolated("Some sessions cannot be billed", violations=violations)
        bill = Bill(
            id=str(uuid.uuid4()),
            centre_id=centre.id,
            treatment_id=treatment.id,
            status="submitted",
            amount=sum((i.approved for i in items), ZERO),
            submitted_at=uow.now(),
        )
        session.add(bill)
        session.add_all(
            BilledSession(
                treatment_id=treatment.id,
                session_date=i.service_date,
                bill_id=bill.id,
                amount=i.approved,
            )
            for i in items
        )
        uow.record(
            events.BILL_SUBMITTED,
            subject=bill.id,
            data={
                "bill_id": bill.id,
                "centre_id": centre.id,
                "amount": bill.amount,
                "sessions": len(items),
            },
        )
        await uow.commit()
        return bill, items


async def load_bill(session: AsyncSession, principal: Principal, bill_id: str) -> Bill:
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.DIALYSIS_CENTRE)
    bill = await session.get(Bill, bill_id)
    if bill is None:
        raise NotFound(f"Bill {bill_id} not found")
    if principal.role is Role.DIALYSIS_CENTRE and principal.centre_id != bill.centre_id:
        raise NotFound(f"Bill {bill_id} not found")
    if principal.role not in (Role.OFFICER, Role.DASHBOARD, Role.DIALYSIS_CENTRE):
        raise NotFound(f"Bill {bill_id} not found")
    return bill


async def approve_bill(uow: UnitOfWork, *, principal: Principal, bill_id: str) -> Bill:
    principal.require_role(Role.OFFICER)
    async with uow:
        bill = await load_bill(uow.session, principal, bill_id)
        if bill.status != "submitted":
            raise Conflict(f"The bill is already {bill.status}")
        bill.status, bill.approved_at = "approved", uow.now()
        uow.record(
            events.BILL_APPROVED, subject=bill.id, data={"bill_id": bill.id, "amount": bill.amount}
        )
        await uow.commit()
        return bill


async def pay_bill(uow: UnitOfWork, *, principal: Principal, bill_id: str) -> Bill:
    """Pay an approved bill: dialysis.claim.paid."""
    principal.require_role(Role.OFFICER)
    async with uow:
        bill = await load_bill(uow.session, principal, bill_id)
        if bill.status != "approved":
            raise Conflict(f"Only an approved bill is paid; this one is {bill.status}")
        bill.status, bill.paid_at = "paid", uow.now()
        uow.record(
            events.CLAIM_PAID,
            subject=bill.id,
            data={
                "claim_id": bill.id,
                "kind": "panel_bill",
                "centre_id": bill.centre_id,
                "amount": bill.amount,
            },
        )
        await uow.commit()
        return bill


async def _record_claim(
    uow: UnitOfWork,
    treatment: Treatment,
    *,
    kind: str,
    service_date: date,
    quantity: int,
    claimed: Decimal,
    approved: Decimal,
    reasons: list[str],
) -> Claim:
    claim = Claim(
        id=str(uuid.uuid4()),
        treatment_id=treatment.id,
        ic=treatment.ic,
        kind=kind,
        service_date=service_date,
        quantity=quantity,
        claimed=claimed,
        approved=approved,
        refused=claimed - approved,
        reasons=jsonutil.dumps(reasons).decode(),
        status="approved" if approved > 0 else "refused",
        submitted_at=uow.now(),
    )
    uow.session.add(claim)
    uow.record(
        events.CLAIM_SUBMITTED,
        subject=claim.id,
        data={"claim_id": claim.id, "kind": kind, "approved": approved, "refused": claim.refused},
    )
    if claim.refused > 0:
        uow.record(
            events.CLAIM_REFUSED,
            subject=claim.id,
            data={
                "claim_id": claim.id,
                "ic": treatment.ic,
                "kind": kind,
                "refused": claim.refused,
                "reason": "; ".join(reasons),
                "decided_on": malaysia_date(uow.now()).isoformat(),
            },
        )
    return claim


async def claim_reimbursement(
    uow: UnitOfWork, *, principal: Principal, body: ReimbursementIn
) -> tuple[Claim, list[PricedItem]]:
    """A patient's claim for sessions at a non-panel centre or government hospital, capped by the rate card."""
    if principal.role not in (Role.MEMBER, Role.OFFICER):
        raise Forbidden(f"Role '{principal.role.value}' may not claim reimbursements")
    async with uow:
        session = uow.session
        treatment = await load_treatment(session, principal, body.treatment_id)
        start, end = _approved(treatment)
        check = RuleCheck()
        for index, item in enumerate(body.sessions):
            centre = await session.get(Centre, item.centre_id)
            check.require(
                centre is not None and CentreKind(centre.kind) in REIMBURSED_TO_PATIENT,
                "not-reimbursable-centre",
                "reimbursed only for non-panel centres and government hospitals",
                field=f"sessions[{index}].centre_id",
            )
        check.raise_if_failed("The claim cannot be accepted")
        items = price_sessions(
            dates=[s.session_date for s in body.sessions],
            approved_from=start,
            approved_until=end,
            already_billed=await _billed_dates(session, treatment.id),
            claimed=[s.amount_paid for s in body.sessions],
        )
        reasons = [i.refused_reason for i in items if i.refused_reason]
        claim = await _record_claim(
            uow,
            treatment,
            kind="reimbursement",
            service_date=min(i.service_date for i in items),
            quantity=len(items),
            claimed=sum((i.claimed for i in items), ZERO),
            approved=sum((i.approved for i in items), ZERO),
            reasons=reasons,
        )
        session.add_all(
            BilledSession(
                treatment_id=treatment.id,
                session_date=i.service_date,
                claim_id=claim.id,
                amount=i.approved,
            )
            for i in items
            if i.approved > 0
        )
        await uow.commit()
        return claim, items


async def claim_support_item(
    uow: UnitOfWork, *, principal: Principal, body: SupportClaimIn
) -> Claim:
    """EPO, immunosuppressants after a transplant, AV fistula: each against an approved treatment with its own limit."""
    if principal.role not in (Role.MEMBER, Role.OFFICER, Role.DIALYSIS_CENTRE):
        raise Forbidden(f"Role '{principal.role.value}' may not claim support items")
    async with uow:
        session = uow.session
        treatment = await load_treatment(session, principal, body.treatment_id)
        start, end = _approved(treatment)
        if not start <= body.service_date <= end:
            raise RuleViolated(
                "Outside the approval",
                violations=[
                    Violation(field="service_date", message="outside the approved treatment period")
                ],
            )
        if body.kind == "av_fistula":
            period = (
                Claim.service_date >= date(body.service_date.year, 1, 1),
                Claim.service_date <= date(body.service_date.year, 12, 31),
            )
        else:
            first = body.service_date.replace(day=1)
            period = (
                Claim.service_date >= first,
                Claim.service_date < date(first.year + first.month // 12, first.month % 12 + 1, 1),
            )
        used = await session.scalar(
            select(func.coalesce(func.sum(Claim.quantity), 0)).where(
                Claim.treatment_id == treatment.id,
                Claim.kind == body.kind,
                Claim.approved > 0,
                *period,
            )
        )
        decision = price_support_item(
            kind=body.kind,
            service_date=body.service_date,
            quantity=body.quantity,
            claimed=body.amount,
            used_in_period=int(used or 0),
            transplant_date=body.transplant_date,
        )
        claim = await _record_claim(
            uow,
            treatment,
            kind=body.kind,
            service_date=body.service_date,
            quantity=body.quantity,
            claimed=body.amount,
            approved=decision.approved,
            reasons=[decision.refused_reason] if decision.refused_reason else [],
        )
        await uow.commit()
        return claim


async def pay_claim(uow: UnitOfWork, *, principal: Principal, claim_id: str) -> Claim:
    principal.require_role(Role.OFFICER)
    async with uow:
        claim = await uow.session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"Claim {claim_id} not found")
        if claim.status != "approved":
            raise Conflict(f"Only an approved claim is paid; this one is {claim.status}")
        claim.status, claim.paid_at = "paid", uow.now()
        uow.record(
            events.CLAIM_PAID,
            subject=claim.id,
            data={
                "claim_id": claim.id,
                "kind": claim.kind,
                "amount": claim.approved,
                "ic": mask_ic(claim.ic),
            },
        )
        await uow.commit()
        return claim


async def donate_machines(
    uow: UnitOfWork, *, centre_id: str, machines: int, approved_on: date
) -> Donation:
    """Machines go to NGO or charitable centres only."""
    async with uow:
        centre = await uow.session.get(Centre, centre_id)
        if centre is None:
            raise NotFound(f"Centre {centre_id} not found")
        if CentreKind(centre.kind) not in MAY_RECEIVE_MACHINES:
            raise RuleViolated(
                "Machines are donated to NGO or charitable centres only",
                violations=[
                    Violation(
                        field="centre_id",
                        message=f"a {centre.kind} centre cannot receive donated machines",
                        code="donation-ngo-only",
                    )
                ],
            )
        donation = Donation(
            id=str(uuid.uuid4()),
            centre_id=centre.id,
            machines=machines,
            approved_by=uow.actor,
            approved_on=approved_on,
        )
        centre.machines += machines
        uow.session.add(donation)
        uow.record(
            events.MACHINES_DONATED,
            subject=centre.id,
            data={"donation_id": donation.id, "centre_id": centre.id, "machines": machines},
        )
        await uow.commit()
        return donation


async def approve_grant(
    uow: UnitOfWork, *, centre_id: str, amount: Decimal, reason: str, approved_on: date
) -> Grant:
    async with uow:
        if await uow.session.get(Centre, centre_id) is None:
            raise NotFound(f"Centre {centre_id} not found")
        grant = Grant(
            id=str(uuid.uuid4()),
            centre_id=centre_id,
            amount=amount,
            reason=reason,
            approved_by=uow.actor,
            approved_on=approved_on,
        )
        uow.session.add(grant)
        uow.record(
            events.GRANT_APPROVED,
            subject=centre_id,
            data={"grant_id": grant.id, "centre_id": centre_id, "amount": amount},
        )
        await uow.commit()
        return grant


async def write_welfare_note(uow: UnitOfWork, *, ic: str, note: str) -> WelfareNote:
    async with uow:
        record = WelfareNote(
            id=str(uuid.uuid4()), ic=ic, note=note, officer=uow.actor, written_at=uow.now()
        )
        uow.session.add(record)
        await uow.commit()
        return record


async def bills_for(session: AsyncSession, principal: Principal) -> Sequence[Bill]:
    statement = select(Bill).order_by(Bill.submitted_at.desc()).limit(500)
    if principal.role is Role.DIALYSIS_CENTRE:
        statement = statement.where(Bill.centre_id == principal.centre_id)
    elif principal.role not in (Role.OFFICER, Role.DASHBOARD):
        raise Forbidden(f"Role '{principal.role.value}' may not read bills")
    return (await session.execute(statement)).scalars().all()
