"""Routes of the dialysis service: schema in, one use case, a response model out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from services.dialysis.domain.lifecycle import ClaimStatus
from services.dialysis.presenters import bill_out, billed_sessions_out, claim_out, items_out
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import (
    AppointmentIn,
    BillIn,
    BillOut,
    CentreIn,
    CentreOut,
    ClaimOut,
    DonationIn,
    DonationOut,
    GrantIn,
    GrantOut,
    InsuredStatusOut,
    MonthReportOut,
    PersonDialysisOut,
    PersonNoteOut,
    ReimbursementIn,
    SupportClaimIn,
    TreatmentDecisionIn,
    TreatmentIn,
    TreatmentOut,
    WelfareNoteIn,
    WelfareNoteOut,
)
from services.dialysis.usecases import bills, centres, claims, people, treatments
from shared.kernel.dates import MONTH_PATTERN
from shared.kernel.ic import ic_from_path
from shared.web.deps import CurrentPrincipal, get_read_unit, get_unit_of_work

router = APIRouter(prefix="/v1/dialysis", tags=["dialysis"])
Writes = Annotated[DialysisUnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[DialysisUnitOfWork, Depends(get_read_unit)]


@router.post("/centres", response_model=CentreOut, status_code=status.HTTP_201_CREATED)
async def register_centre(body: CentreIn, principal: CurrentPrincipal, uow: Writes) -> CentreOut:
    """Register a dialysis centre (officers)."""
    centre = await centres.register_centre(uow, principal=principal, body=body)
    return CentreOut.model_validate(centre, from_attributes=True)


@router.post("/centres/{centre_id}/appointment", response_model=CentreOut)
async def appoint_panel_centre(
    centre_id: str, body: AppointmentIn, principal: CurrentPrincipal, uow: Writes
) -> CentreOut:
    """Appoint a centre to the PERKESO panel for a period (officers)."""
    centre = await centres.appoint_panel_centre(
        uow,
        principal=principal,
        centre_id=centre_id,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
    )
    return CentreOut.model_validate(centre, from_attributes=True)


@router.get("/centres", response_model=list[CentreOut])
async def list_centres(principal: CurrentPrincipal, reads: Reads) -> list[CentreOut]:
    """All centres with their kind, capacity and panel validity (officers, dashboards, centres, members)."""
    found = await centres.list_centres(reads, principal=principal)
    return [CentreOut.model_validate(c, from_attributes=True) for c in found]


@router.post("/treatments", response_model=TreatmentOut, status_code=status.HTTP_201_CREATED)
async def request_treatment(
    body: TreatmentIn, principal: CurrentPrincipal, uow: Writes
) -> TreatmentOut:
    """Request treatment for ESRF (the member, their centre, or an officer)."""
    treatment = await treatments.request_treatment(uow, principal=principal, body=body)
    return TreatmentOut.model_validate(treatment, from_attributes=True)


@router.post("/treatments/{treatment_id}/decision", response_model=TreatmentOut)
async def decide_treatment(
    treatment_id: str, body: TreatmentDecisionIn, principal: CurrentPrincipal, uow: Writes
) -> TreatmentOut:
    """Approve or refuse a treatment request (officers)."""
    treatment = await treatments.decide_treatment(
        uow,
        principal=principal,
        treatment_id=treatment_id,
        approve=body.approve,
        starts_on=body.starts_on,
        reason=body.reason,
    )
    return TreatmentOut.model_validate(treatment, from_attributes=True)


@router.get("/treatments/{treatment_id}", response_model=TreatmentOut)
async def get_treatment(
    treatment_id: str, principal: CurrentPrincipal, reads: Reads
) -> TreatmentOut:
    """One treatment (its patient, its centre, officers, dashboards)."""
    treatment = await treatments.load(reads, principal, treatment_id)
    return TreatmentOut.model_validate(treatment, from_attributes=True)


@router.post("/bills", response_model=BillOut, status_code=status.HTTP_201_CREATED)
async def submit_bill(body: BillIn, principal: CurrentPrincipal, uow: Writes) -> BillOut:
    """A panel centre's bill for approved sessions (the patient pays nothing)."""
    bill, items = await bills.submit_bill(uow, principal=principal, body=body)
    return bill_out(bill, items_out(items))


@router.get("/bills", response_model=list[BillOut])
async def list_bills(principal: CurrentPrincipal, reads: Reads) -> list[BillOut]:
    """Bills: a centre sees its own, officers and dashboards all."""
    return [bill_out(b) for b in await bills.list_bills(reads, principal=principal)]


@router.get("/bills/{bill_id}", response_model=BillOut)
async def get_bill(bill_id: str, principal: CurrentPrincipal, reads: Reads) -> BillOut:
    """One bill with its sessions (another centre's: 404)."""
    record = await bills.get_bill(reads, principal=principal, bill_id=bill_id)
    return bill_out(record.bill, billed_sessions_out(record.sessions))


@router.post("/bills/{bill_id}/approve", response_model=BillOut)
async def approve_bill(bill_id: str, principal: CurrentPrincipal, uow: Writes) -> BillOut:
    """Approve a submitted bill (officers)."""
    record = await bills.approve_bill(uow, principal=principal, bill_id=bill_id)
    return bill_out(record.bill, billed_sessions_out(record.sessions))


@router.post("/bills/{bill_id}/pay", response_model=BillOut)
async def pay_bill(bill_id: str, principal: CurrentPrincipal, uow: Writes) -> BillOut:
    """Pay an approved bill (officers): dialysis.claim.paid."""
    record = await bills.pay_bill(uow, principal=principal, bill_id=bill_id)
    return bill_out(record.bill, billed_sessions_out(record.sessions))


@router.post("/claims/reimbursements", response_model=ClaimOut, status_code=status.HTTP_201_CREATED)
async def claim_reimbursement(
    body: ReimbursementIn, principal: CurrentPrincipal, uow: Writes
) -> ClaimOut:
    """A patient's reimbursement for non-panel or government hospital sessions, capped by the rate card."""
    claim, items = await claims.claim_reimbursement(uow, principal=principal, body=body)
    return claim_out(claim, items)


@router.post("/claims/support", response_model=ClaimOut, status_code=status.HTTP_201_CREATED)
async def claim_support_item(
    body: SupportClaimIn, principal: CurrentPrincipal, uow: Writes
) -> ClaimOut:
    """EPO, immunosuppressants after a transplant, or AV fistula, against an approved treatment."""
    return claim_out(await claims.claim_support_item(uow, principal=principal, body=body))


@router.post("/claims/{claim_id}/pay", response_model=ClaimOut)
async def pay_claim(claim_id: str, principal: CurrentPrincipal, uow: Writes) -> ClaimOut:
    """Pay an approved claim (officers): dialysis.claim.paid."""
    return claim_out(await claims.pay_claim(uow, principal=principal, claim_id=claim_id))


@router.get("/claims", response_model=list[ClaimOut])
async def list_claims(
    principal: CurrentPrincipal, reads: Reads, status_filter: ClaimStatus | None = None
) -> list[ClaimOut]:
    """Claims: a member sees their own; officers and dashboards all (e.g. ?status_filter=approved for those waiting)."""
    found = await claims.list_claims(
        reads, principal=principal, status=status_filter.value if status_filter else None
    )
    return [claim_out(r.claim, sessions=r.sessions) for r in found]


@router.post(
    "/centres/{centre_id}/donations",
    response_model=DonationOut,
    status_code=status.HTTP_201_CREATED,
)
async def donate_machines(
    centre_id: str, body: DonationIn, principal: CurrentPrincipal, uow: Writes
) -> DonationOut:
    """Donate haemodialysis machines to an NGO or charitable centre (officers)."""
    donation = await centres.donate_machines(
        uow,
        principal=principal,
        centre_id=centre_id,
        machines=body.machines,
        approved_on=body.approved_on,
    )
    return DonationOut.model_validate(donation, from_attributes=True)


@router.post(
    "/centres/{centre_id}/grants", response_model=GrantOut, status_code=status.HTTP_201_CREATED
)
async def approve_grant(
    centre_id: str, body: GrantIn, principal: CurrentPrincipal, uow: Writes
) -> GrantOut:
    """A financial grant to a centre in need (officers)."""
    grant = await centres.approve_grant(
        uow,
        principal=principal,
        centre_id=centre_id,
        amount=body.amount,
        reason=body.reason,
        approved_on=body.approved_on,
    )
    return GrantOut.model_validate(grant, from_attributes=True)


@router.post(
    "/patients/{ic}/welfare-notes",
    response_model=WelfareNoteOut,
    status_code=status.HTTP_201_CREATED,
)
async def write_welfare_note(
    ic: str, body: WelfareNoteIn, principal: CurrentPrincipal, uow: Writes
) -> WelfareNoteOut:
    """An officer's note on a patient's welfare."""
    note = await treatments.write_welfare_note(
        uow, principal=principal, ic=ic_from_path(ic), note=body.note
    )
    return WelfareNoteOut(id=note.id, written_at=note.written_at)


@router.get("/reports/monthly", response_model=list[MonthReportOut])
async def monthly_report(
    principal: CurrentPrincipal,
    reads: Reads,
    month: Annotated[
        str | None, Query(pattern=MONTH_PATTERN, description="one month only, YYYY-MM")
    ] = None,
) -> list[MonthReportOut]:
    """The Dialysis Unit's objectives per month: centres appointed, requests handled, bills paid, donations made."""
    reports = await people.monthly_report(reads, principal=principal, month=month)
    return [MonthReportOut.model_validate(r, from_attributes=True) for r in reports]


@router.get("/insured-persons/{ic}", response_model=PersonDialysisOut)
async def insured_person_dialysis(
    ic: str, principal: CurrentPrincipal, reads: Reads
) -> PersonDialysisOut:
    """One person's insured status, treatments and claims (officers, dashboards, that member)."""
    digits = ic_from_path(ic)
    found = await people.person_dialysis(reads, principal=principal, ic=digits)
    insured = found.insured
    return PersonDialysisOut(
        ic=digits,
        insured=InsuredStatusOut(
            since=insured.insured_since, last_contribution_month=insured.last_contribution_month
        )
        if insured
        else None,
        treatments=[TreatmentOut.model_validate(t, from_attributes=True) for t in found.treatments],
        claims=[claim_out(r.claim, sessions=r.sessions) for r in found.claims],
        welfare_notes=[
            PersonNoteOut(note=n.note, officer=n.officer, written_at=n.written_at)
            for n in found.welfare_notes
        ],
    )
