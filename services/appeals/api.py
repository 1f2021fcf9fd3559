"""Routes of the appeals service: schema in, one use case, a response model out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from services.appeals.papers import hearing_notice_paper
from services.appeals.presenters import appeal_out, board_out, document_out, hearing_out, member_out
from services.appeals.repository import AppealsUnitOfWork
from services.appeals.schemas import (
    AdjournIn,
    AppealIn,
    AppealOut,
    BoardOut,
    DecisionIn,
    DecisionRecordOut,
    DocumentIn,
    DocumentOut,
    HearingIn,
    HearingOut,
    MemberIn,
    MemberOut,
    PersonAppealsOut,
    WithdrawIn,
)
from services.appeals.usecases import appeals, boards, hearings, papers
from shared.kernel.ic import ic_from_path
from shared.web.deps import ClockDep, CurrentPrincipal, get_read_unit, get_unit_of_work
from shared.web.history import HistoryItem, history_page
from shared.web.pagination import Cursor, Limit, Page, after_day, after_instant, page_newest
from shared.web.papers import PDF_RESPONSES, pdf_response

router = APIRouter(prefix="/v1/appeals", tags=["appeals"])
Writes = Annotated[AppealsUnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[AppealsUnitOfWork, Depends(get_read_unit)]


@router.get("/boards", response_model=list[BoardOut])
async def list_boards(principal: CurrentPrincipal, reads: Reads) -> list[BoardOut]:
    """The eleven boards, the states they hear, and their appointed members."""
    return [board_out(entry) for entry in await boards.list_boards(reads)]


@router.post(
    "/boards/{board_code}/members", response_model=MemberOut, status_code=status.HTTP_201_CREATED
)
async def appoint_member(
    board_code: str, body: MemberIn, principal: CurrentPrincipal, uow: Writes
) -> MemberOut:
    """Record a member appointed by the Minister (secretariat, officers)."""
    member = await boards.appoint_member(uow, principal=principal, board_code=board_code, body=body)
    return member_out(member)


@router.post("", response_model=AppealOut, status_code=status.HTTP_201_CREATED)
async def file_appeal(body: AppealIn, principal: CurrentPrincipal, uow: Writes) -> AppealOut:
    """File an appeal with the Board that hears the state."""
    return appeal_out(await appeals.file_appeal(uow, principal=principal, body=body))


@router.get("", response_model=Page[AppealOut])
async def list_appeals(
    principal: CurrentPrincipal, reads: Reads, cursor: Cursor = None, limit: Limit = 50
) -> Page[AppealOut]:
    """Appeals the caller may see: their own, or all for the secretariat, officers and
    dashboards; newest filed first."""
    found = await appeals.list_appeals(
        reads, principal=principal, after=after_instant(cursor), limit=limit
    )
    return page_newest([appeal_out(a) for a in found], found, limit, at="filed_at")


@router.get("/decisions", response_model=Page[DecisionRecordOut])
async def list_appealable_decisions(
    principal: CurrentPrincipal, reads: Reads, cursor: Cursor = None, limit: Limit = 50
) -> Page[DecisionRecordOut]:
    """Decisions of other services the caller may appeal against, newest first; each names
    the event id an appeal cites."""
    found = await appeals.appealable_decisions(
        reads, principal=principal, after=after_day(cursor), limit=limit
    )
    return page_newest(
        [DecisionRecordOut.model_validate(d, from_attributes=True) for d in found],
        found,
        limit,
        at="decided_on",
        row_id="event_id",
    )


@router.get("/insured-persons/{ic}", response_model=PersonAppealsOut)
async def insured_person_appeals(
    ic: str, principal: CurrentPrincipal, reads: Reads
) -> PersonAppealsOut:
    """One person's appeals (officers, dashboards, the secretariat, that member)."""
    digits = ic_from_path(ic)
    found = await appeals.person_appeals(reads, principal=principal, ic=digits)
    return PersonAppealsOut(ic=digits, appeals=[appeal_out(a) for a in found])


@router.get("/{appeal_id}", response_model=AppealOut)
async def get_appeal(appeal_id: str, principal: CurrentPrincipal, reads: Reads) -> AppealOut:
    """One appeal with its hearings and documents (another appellant's: 404)."""
    record = await appeals.get_appeal(reads, principal=principal, appeal_id=appeal_id)
    return appeal_out(record.appeal, record.hearings, record.documents)


@router.post(
    "/{appeal_id}/documents", response_model=DocumentOut, status_code=status.HTTP_201_CREATED
)
async def add_document(
    appeal_id: str, body: DocumentIn, principal: CurrentPrincipal, uow: Writes
) -> DocumentOut:
    """Lodge a document with the appeal."""
    document = await appeals.add_document(uow, principal=principal, appeal_id=appeal_id, body=body)
    return document_out(document)


@router.post(
    "/{appeal_id}/hearings", response_model=HearingOut, status_code=status.HTTP_201_CREATED
)
async def schedule_hearing(
    appeal_id: str, body: HearingIn, principal: CurrentPrincipal, uow: Writes
) -> HearingOut:
    """Schedule a hearing (secretariat); a board never sits twice at once (409)."""
    hearing = await hearings.schedule_hearing(
        uow, principal=principal, appeal_id=appeal_id, body=body
    )
    return hearing_out(hearing)


@router.post("/{appeal_id}/hearings/{hearing_id}/adjourn", response_model=HearingOut)
async def adjourn_hearing(
    appeal_id: str, hearing_id: str, body: AdjournIn, principal: CurrentPrincipal, uow: Writes
) -> HearingOut:
    """Adjourn a scheduled hearing (secretariat)."""
    hearing = await hearings.adjourn_hearing(
        uow, principal=principal, appeal_id=appeal_id, hearing_id=hearing_id, reason=body.reason
    )
    return hearing_out(hearing)


@router.post("/{appeal_id}/decision", response_model=AppealOut)
async def record_decision(
    appeal_id: str, body: DecisionIn, principal: CurrentPrincipal, uow: Writes
) -> AppealOut:
    """The Board's decision with reasons (secretariat); impossible moves are 409."""
    record = await appeals.record_decision(
        uow, principal=principal, appeal_id=appeal_id, outcome=body.outcome, reasons=body.reasons
    )
    return appeal_out(record.appeal, record.hearings, record.documents)


@router.post("/{appeal_id}/withdraw", response_model=AppealOut)
async def withdraw_appeal(
    appeal_id: str, body: WithdrawIn, principal: CurrentPrincipal, uow: Writes
) -> AppealOut:
    """Withdraw an open appeal (the appellant or the secretariat)."""
    record = await appeals.withdraw(
        uow, principal=principal, appeal_id=appeal_id, reason=body.reason
    )
    return appeal_out(record.appeal, record.hearings, record.documents)


@router.get("/{appeal_id}/history", response_model=Page[HistoryItem])
async def appeal_history(
    appeal_id: str,
    principal: CurrentPrincipal,
    reads: Reads,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[HistoryItem]:
    """Everything that happened to an appeal, oldest first: filed, hearings, decision (whoever may see it)."""
    await appeals.get_appeal(reads, principal=principal, appeal_id=appeal_id)
    return await history_page(reads, appeal_id, cursor=cursor, limit=limit)


@router.get(
    "/{appeal_id}/hearings/{hearing_id}/notice.pdf",
    response_class=Response,
    responses=PDF_RESPONSES,
)
async def print_hearing_notice(
    appeal_id: str, hearing_id: str, principal: CurrentPrincipal, reads: Reads, clock: ClockDep
) -> Response:
    """The notice of a hearing as a PDF, for whoever may see the appeal (the appellant's IC masked)."""
    notice = await papers.hearing_notice(
        reads, principal=principal, appeal_id=appeal_id, hearing_id=hearing_id
    )
    return pdf_response(hearing_notice_paper(notice), generated_at=clock.now())
