"""Routes of the dialysis service: schema in, one use case, a response model out."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query, status

from services.dialysis.approvals import BILL_PAYMENT, CLAIM_PAYMENT, FOUR_EYES, GRANT
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
from shared.web.deps import CurrentPrincipal, RuntimeDep, get_read_unit, get_unit_of_work
from shared.web.four_eyes import ACCEPTED, ApprovalRequestedOut
from shared.web.history import HistoryItem, history_page
from shared.web.pagination import (
    Cursor,
    Limit,
    Page,
    after_instant,
    decode_cursor,
    page_after,
    page_newest,
)

router = APIRouter(prefix="/v1/dialysis", tags=["dialysis"])
Writes = Annotated[DialysisUnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[DialysisUnitOfWork, Depends(get_read_unit)]
Pending = TypeVar("Pending", BillOut, CentreOut, ClaimOut)


async def with_pending(reads: DialysisUnitOfWork, records: list[Pending]) -> list[Pending]:
    """Each record with the requests waiting on it for a second officer (one query for all)."""
    waiting = await FOUR_EYES.pending_for(reads, *(r.id for r in records))
    for record in records:
        record.pending_approvals = [a for a in waiting if a.record_key == record.id]
    return records


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


@router.get("/centres", response_model=Page[CentreOut])
async def list_centres(
    principal: CurrentPrincipal, reads: Reads, cursor: Cursor = None, limit: Limit = 50
) -> Page[CentreOut]:
    """Centres with their kind, capacity and panel validity, by id (officers, dashboards,
    centres, members)."""
    key = decode_cursor(cursor, parts=1)
    found = await centres.list_centres(
        reads, principal=principal, after=key[0] if key else None, limit=limit
    )
    out = await with_pending(
        reads, [CentreOut.model_validate(c, from_attributes=True) for c in found]
    )
    return page_after(out, found, limit, lambda c: (c.id,))


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


@router.get("/bills", response_model=Page[BillOut])
async def list_bills(
    principal: CurrentPrincipal, reads: Reads, cursor: Cursor = None, limit: Limit = 50
) -> Page[BillOut]:
    """Bills: a centre sees its own, officers and dashboards all; newest first."""
    found = await bills.list_bills(
        reads, principal=principal, after=after_instant(cursor), limit=limit
    )
    return page_newest(
        await with_pending(reads, [bill_out(b) for b in found]), found, limit, at="submitted_at"
    )


@router.get("/bills/{bill_id}", response_model=BillOut)
async def get_bill(bill_id: str, principal: CurrentPrincipal, reads: Reads) -> BillOut:
    """One bill with its sessions (another centre's: 404)."""
    record = await bills.get_bill(reads, principal=principal, bill_id=bill_id)
    out = bill_out(record.bill, billed_sessions_out(record.sessions))
    out.pending_approvals = await FOUR_EYES.pending_for(reads, bill_id)
    return out


@router.post("/bills/{bill_id}/approve", response_model=BillOut)
async def approve_bill(bill_id: str, principal: CurrentPrincipal, uow: Writes) -> BillOut:
    """Approve a submitted bill (officers)."""
    record = await bills.approve_bill(uow, principal=principal, bill_id=bill_id)
    return bill_out(record.bill, billed_sessions_out(record.sessions))


@router.post(
    "/bills/{bill_id}/pay",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def pay_bill(
    bill_id: str, principal: CurrentPrincipal, uow: Writes, runtime: RuntimeDep
) -> ApprovalRequestedOut:
    """Pay an approved bill (officers, two of them): held until another officer approves it,
    then dialysis.claim.paid."""
    return await FOUR_EYES.ask(
        uow, principal, BILL_PAYMENT, params={"bill_id": bill_id}, runtime=runtime
    )


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


@router.post(
    "/claims/{claim_id}/pay",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def pay_claim(
    claim_id: str, principal: CurrentPrincipal, uow: Writes, runtime: RuntimeDep
) -> ApprovalRequestedOut:
    """Pay an approved claim (officers, two of them): held until another officer approves it,
    then dialysis.claim.paid."""
    return await FOUR_EYES.ask(
        uow, principal, CLAIM_PAYMENT, params={"claim_id": claim_id}, runtime=runtime
    )


@router.get("/claims/{claim_id}", response_model=ClaimOut)
async def get_claim(claim_id: str, principal: CurrentPrincipal, reads: Reads) -> ClaimOut:
    """One claim with the sessions it paid and any payment awaiting a second officer (officers,
    dashboards, the patient)."""
    record = await claims.get_claim(reads, principal=principal, claim_id=claim_id)
    out = claim_out(record.claim, sessions=record.sessions)
    out.pending_approvals = await FOUR_EYES.pending_for(reads, claim_id)
    return out


@router.get("/claims", response_model=Page[ClaimOut])
async def list_claims(
    principal: CurrentPrincipal,
    reads: Reads,
    status_filter: ClaimStatus | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[ClaimOut]:
    """Claims: a member sees their own; officers and dashboards all (e.g. ?status_filter=approved
    for those waiting); newest first."""
    found = await claims.list_claims(
        reads,
        principal=principal,
        status=status_filter.value if status_filter else None,
        after=after_instant(cursor),
        limit=limit,
    )
    return page_newest(
        await with_pending(reads, [claim_out(r.claim, sessions=r.sessions) for r in found]),
        [r.claim for r in found],
        limit,
        at="submitted_at",
    )


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
    "/centres/{centre_id}/grants",
    response_model=ApprovalRequestedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=ACCEPTED,
)
async def approve_grant(
    centre_id: str, body: GrantIn, principal: CurrentPrincipal, uow: Writes, runtime: RuntimeDep
) -> ApprovalRequestedOut:
    """A financial grant to a centre in need (officers, two of them): held until another
    officer approves it."""
    return await FOUR_EYES.ask(
        uow, principal, GRANT, params={"centre_id": centre_id}, body=body, runtime=runtime
    )


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


@router.get("/treatments/{treatment_id}/history", response_model=Page[HistoryItem])
async def treatment_history(
    treatment_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a treatment request, oldest first (whoever may see it)."""
    await treatments.load(reads, principal, treatment_id)
    return await history_page(reads, treatment_id, cursor=cursor, limit=limit)


@router.get("/bills/{bill_id}/history", response_model=Page[HistoryItem])
async def bill_history(
    bill_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a bill, oldest first: billed, approved, its payment's approval, paid."""
    await bills.get_bill(reads, principal=principal, bill_id=bill_id)
    return await history_page(reads, bill_id, cursor=cursor, limit=limit)


@router.get("/claims/{claim_id}/history", response_model=Page[HistoryItem])
async def claim_history(
    claim_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to a claim, oldest first (officers, dashboards, the patient)."""
    await claims.get_claim(reads, principal=principal, claim_id=claim_id)
    return await history_page(reads, claim_id, cursor=cursor, limit=limit)
