"""Routes of the dialysis service: schema in, one use case, schema out."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import select

from services.dialysis import service
from services.dialysis.domain.billing import PricedItem
from services.dialysis.domain.reports import monthly_reports
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
from services.dialysis.schemas import (
    AppointmentIn,
    BillIn,
    BillOut,
    CentreIn,
    CentreOut,
    ClaimOut,
    DonationIn,
    GrantIn,
    ItemOut,
    ReimbursementIn,
    SupportClaimIn,
    TreatmentDecisionIn,
    TreatmentIn,
    TreatmentOut,
    WelfareNoteIn,
)
from shared.kernel import jsonutil
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import NotFound
from shared.kernel.ic import ic_from_path
from shared.web.auth import Role
from shared.web.deps import CurrentPrincipal, ReadSessionDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/dialysis", tags=["dialysis"])


def items_out(items: list[PricedItem]) -> list[ItemOut]:
    return [
        ItemOut(
            service_date=i.service_date,
            claimed=i.claimed,
            approved=i.approved,
            refused=i.refused,
            reason=i.refused_reason,
        )
        for i in items
    ]


def claim_out(claim: Claim, items: list[PricedItem] | None = None) -> ClaimOut:
    return ClaimOut(
        id=claim.id,
        treatment_id=claim.treatment_id,
        kind=claim.kind,
        status=claim.status,
        claimed=claim.claimed,
        approved=claim.approved,
        refused=claim.refused,
        reasons=jsonutil.loads(claim.reasons),
        items=items_out(items or []),
    )


@router.post("/centres", response_model=CentreOut, status_code=status.HTTP_201_CREATED)
async def register_centre(
    body: CentreIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> CentreOut:
    """Register a dialysis centre (officers)."""
    principal.require_role(Role.OFFICER)
    return CentreOut.model_validate(
        await service.register_centre(uow, body=body), from_attributes=True
    )


@router.post("/centres/{centre_id}/appointment", response_model=CentreOut)
async def appoint_panel_centre(
    centre_id: str, body: AppointmentIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> CentreOut:
    """Appoint a centre to the PERKESO panel for a period (officers)."""
    principal.require_role(Role.OFFICER)
    centre = await service.appoint_panel_centre(
        uow, centre_id=centre_id, valid_from=body.valid_from, valid_until=body.valid_until
    )
    return CentreOut.model_validate(centre, from_attributes=True)


@router.get("/centres", response_model=list[CentreOut])
async def list_centres(principal: CurrentPrincipal, session: ReadSessionDep) -> list[CentreOut]:
    """All centres with their kind, capacity and panel validity."""
    centres = (await session.execute(select(Centre).order_by(Centre.id))).scalars().all()
    return [CentreOut.model_validate(c, from_attributes=True) for c in centres]


@router.post("/treatments", response_model=TreatmentOut, status_code=status.HTTP_201_CREATED)
async def request_treatment(
    body: TreatmentIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> TreatmentOut:
    """Request treatment for ESRF (the member, their centre, or an officer)."""
    return TreatmentOut.model_validate(
        await service.request_treatment(uow, principal=principal, body=body), from_attributes=True
    )


@router.post("/treatments/{treatment_id}/decision", response_model=TreatmentOut)
async def decide_treatment(
    treatment_id: str, body: TreatmentDecisionIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> TreatmentOut:
    """Approve or refuse a treatment request (officers)."""
    principal.require_role(Role.OFFICER)
    treatment = await service.decide_treatment(
        uow,
        treatment_id=treatment_id,
        approve=body.approve,
        starts_on=body.starts_on,
        reason=body.reason,
        principal=principal,
    )
    return TreatmentOut.model_validate(treatment, from_attributes=True)


@router.get("/treatments/{treatment_id}", response_model=TreatmentOut)
async def get_treatment(
    treatment_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> TreatmentOut:
    """One treatment (its patient, its centre, officers, dashboards)."""
    return TreatmentOut.model_validate(
        await service.load_treatment(session, principal, treatment_id), from_attributes=True
    )


@router.post("/bills", response_model=BillOut, status_code=status.HTTP_201_CREATED)
async def submit_bill(body: BillIn, principal: CurrentPrincipal, uow: UnitOfWorkDep) -> BillOut:
    """A panel centre's bill for approved sessions (the patient pays nothing)."""
    bill, items = await service.submit_bill(uow, principal=principal, body=body)
    return BillOut(
        id=bill.id,
        centre_id=bill.centre_id,
        treatment_id=bill.treatment_id,
        status=bill.status,
        amount=bill.amount,
        sessions=items_out(items),
    )


@router.get("/bills", response_model=list[BillOut])
async def list_bills(principal: CurrentPrincipal, session: ReadSessionDep) -> list[BillOut]:
    """Bills: a centre sees its own, officers and dashboards all."""
    return [
        BillOut(
            id=b.id,
            centre_id=b.centre_id,
            treatment_id=b.treatment_id,
            status=b.status,
            amount=b.amount,
            sessions=[],
        )
        for b in await service.bills_for(session, principal)
    ]


@router.get("/bills/{bill_id}", response_model=BillOut)
async def get_bill(bill_id: str, principal: CurrentPrincipal, session: ReadSessionDep) -> BillOut:
    """One bill with its sessions (another centre's: 404)."""
    bill = await service.load_bill(session, principal, bill_id)
    sessions = (
        (
            await session.execute(
                select(BilledSession)
                .where(BilledSession.bill_id == bill.id)
                .order_by(BilledSession.session_date)
            )
        )
        .scalars()
        .all()
    )
    return BillOut(
        id=bill.id,
        centre_id=bill.centre_id,
        treatment_id=bill.treatment_id,
        status=bill.status,
        amount=bill.amount,
        sessions=[
            ItemOut(
                service_date=s.session_date,
                claimed=s.amount,
                approved=s.amount,
                refused="0.00",
                reason=None,
            )
            for s in sessions
        ],
    )


@router.post("/bills/{bill_id}/approve", response_model=BillOut)
async def approve_bill(bill_id: str, principal: CurrentPrincipal, uow: UnitOfWorkDep) -> BillOut:
    """Approve a submitted bill (officers)."""
    bill = await service.approve_bill(uow, principal=principal, bill_id=bill_id)
    return BillOut(
        id=bill.id,
        centre_id=bill.centre_id,
        treatment_id=bill.treatment_id,
        status=bill.status,
        amount=bill.amount,
        sessions=[],
    )


@router.post("/bills/{bill_id}/pay", response_model=BillOut)
async def pay_bill(bill_id: str, principal: CurrentPrincipal, uow: UnitOfWorkDep) -> BillOut:
    """Pay an approved bill (officers): dialysis.claim.paid."""
    bill = await service.pay_bill(uow, principal=principal, bill_id=bill_id)
    return BillOut(
        id=bill.id,
        centre_id=bill.centre_id,
        treatment_id=bill.treatment_id,
        status=bill.status,
        amount=bill.amount,
        sessions=[],
    )


@router.post("/claims/reimbursements", response_model=ClaimOut, status_code=status.HTTP_201_CREATED)
async def claim_reimbursement(
    body: ReimbursementIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> ClaimOut:
    """A patient's reimbursement for non-panel or government hospital sessions, capped by the rate card."""
    claim, items = await service.claim_reimbursement(uow, principal=principal, body=body)
    return claim_out(claim, items)


@router.post("/claims/support", response_model=ClaimOut, status_code=status.HTTP_201_CREATED)
async def claim_support_item(
    body: SupportClaimIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> ClaimOut:
    """EPO, immunosuppressants after a transplant, or AV fistula, against an approved treatment."""
    return claim_out(await service.claim_support_item(uow, principal=principal, body=body))


@router.post("/claims/{claim_id}/pay", response_model=ClaimOut)
async def pay_claim(claim_id: str, principal: CurrentPrincipal, uow: UnitOfWorkDep) -> ClaimOut:
    """Pay an approved claim (officers): dialysis.claim.paid."""
    return claim_out(await service.pay_claim(uow, principal=principal, claim_id=claim_id))


@router.get("/claims", response_model=list[ClaimOut])
async def list_claims(
    principal: CurrentPrincipal, session: ReadSessionDep, status_filter: str | None = None
) -> list[ClaimOut]:
    """Claims: a member sees their own; officers and dashboards all (e.g. ?status_filter=approved for those waiting)."""
    statement = select(Claim).order_by(Claim.submitted_at.desc()).limit(500)
    if principal.role is Role.MEMBER:
        statement = statement.where(Claim.ic == principal.ic)
    else:
        principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
    if status_filter:
        statement = statement.where(Claim.status == status_filter)
    return [claim_out(c) for c in (await session.execute(statement)).scalars().all()]


@router.post("/centres/{centre_id}/donations", status_code=status.HTTP_201_CREATED)
async def donate_machines(
    centre_id: str, body: DonationIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """Donate haemodialysis machines to an NGO or charitable centre (officers)."""
    principal.require_role(Role.OFFICER)
    donation = await service.donate_machines(
        uow, centre_id=centre_id, machines=body.machines, approved_on=body.approved_on
    )
    return {
        "id": donation.id,
        "centre_id": donation.centre_id,
        "machines": donation.machines,
        "approved_by": donation.approved_by,
    }


@router.post("/centres/{centre_id}/grants", status_code=status.HTTP_201_CREATED)
async def approve_grant(
    centre_id: str, body: GrantIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """A financial grant to a centre in need (officers)."""
    principal.require_role(Role.OFFICER)
    grant = await service.approve_grant(
        uow,
        centre_id=centre_id,
        amount=body.amount,
        reason=body.reason,
        approved_on=body.approved_on,
    )
    return {
        "id": grant.id,
        "centre_id": grant.centre_id,
        "amount": f"{grant.amount:.2f}",
        "approved_by": grant.approved_by,
    }


@router.post("/patients/{ic}/welfare-notes", status_code=status.HTTP_201_CREATED)
async def write_welfare_note(
    ic: str, body: WelfareNoteIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> dict[str, object]:
    """An officer's note on a patient's welfare."""
    principal.require_role(Role.OFFICER)
    note = await service.write_welfare_note(uow, ic=ic_from_path(ic), note=body.note)
    return {"id": note.id, "written_at": note.written_at.isoformat()}


@router.get("/reports/monthly")
async def monthly_report(
    principal: CurrentPrincipal, session: ReadSessionDep
) -> list[dict[str, object]]:
    """The Dialysis Unit's objectives per month: centres appointed, requests handled, bills paid, donations made."""
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    centres = (
        (
            await session.execute(
                select(Centre.panel_valid_from).where(Centre.panel_valid_from.is_not(None))
            )
        )
        .scalars()
        .all()
    )
    decided = (
        (
            await session.execute(
                select(Treatment.decided_at).where(Treatment.decided_at.is_not(None))
            )
        )
        .scalars()
        .all()
    )
    bills = (
        await session.execute(select(Bill.paid_at, Bill.amount).where(Bill.paid_at.is_not(None)))
    ).all()
    claims = (
        await session.execute(
            select(Claim.paid_at, Claim.approved).where(Claim.paid_at.is_not(None))
        )
    ).all()
    donations = (await session.execute(select(Donation.approved_on, Donation.machines))).all()
    grants = (await session.execute(select(Grant.approved_on))).scalars().all()
    reports = monthly_reports(
        appointments=[d for d in centres if d is not None],
        decisions=[malaysia_date(d) for d in decided if d is not None],
        bills_paid=[(malaysia_date(p), a) for p, a in bills if p is not None],
        claims_paid=[(malaysia_date(p), a) for p, a in claims if p is not None],
        donations=[(d, m) for d, m in donations],
        grants=list(grants),
    )
    return [jsonutil.loads(jsonutil.dumps(r.__dict__)) for r in reports]


@router.get("/insured-persons/{ic}")
async def insured_person_dialysis(
    ic: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> dict[str, object]:
    """One person's insured status, treatments and claims (officers, dashboards, that member)."""
    digits = ic_from_path(ic)
    if principal.role is Role.MEMBER and principal.ic != digits:
        raise NotFound("Insured person not found")
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
    record = await session.get(InsuredRecord, digits)
    treatments = (
        (
            await session.execute(
                select(Treatment).where(Treatment.ic == digits).order_by(Treatment.requested_at)
            )
        )
        .scalars()
        .all()
    )
    claims = (
        (
            await session.execute(
                select(Claim).where(Claim.ic == digits).order_by(Claim.submitted_at)
            )
        )
        .scalars()
        .all()
    )
    notes = (
        (await session.execute(select(WelfareNote).where(WelfareNote.ic == digits))).scalars().all()
        if principal.role is Role.OFFICER
        else []
    )
    return {
        "ic": digits,
        "insured": {
            "since": record.insured_since,
            "last_contribution_month": record.last_contribution_month,
        }
        if record
        else None,
        "treatments": [
            TreatmentOut.model_validate(t, from_attributes=True).model_dump(mode="json")
            for t in treatments
        ],
        "claims": [claim_out(c).model_dump(mode="json") for c in claims],
        "welfare_notes": [
            {"note": n.note, "officer": n.officer, "written_at": n.written_at.isoformat()}
            for n in notes
        ],
    }
