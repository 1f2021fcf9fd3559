"""Routes of the appeals service: schema in, one use case, schema out."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import select

from services.appeals import service
from services.appeals.domain.boards import boards
from services.appeals.domain.filing import last_day_to_file
from services.appeals.models import Appeal, BoardMember, Document, Hearing
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
    WithdrawIn,
)
from shared.kernel.errors import NotFound
from shared.kernel.ic import ic_from_path
from shared.web.auth import Role
from shared.web.deps import CurrentPrincipal, ReadSessionDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/appeals", tags=["appeals"])


def present(
    appeal: Appeal, hearings: list[Hearing] | None = None, documents: list[Document] | None = None
) -> AppealOut:
    return AppealOut.model_validate(
        {
            **{c.key: getattr(appeal, c.key) for c in Appeal.__table__.columns},
            "last_day_to_file": last_day_to_file(appeal.cause_of_action_date),
            "hearings": [
                HearingOut.model_validate(h, from_attributes=True) for h in hearings or []
            ],
            "documents": [
                DocumentOut.model_validate(d, from_attributes=True) for d in documents or []
            ],
        }
    )


@router.get("/boards", response_model=list[BoardOut])
async def list_boards(principal: CurrentPrincipal, session: ReadSessionDep) -> list[BoardOut]:
    """The eleven boards, the states they hear, and their appointed members."""
    members = (
        (await session.execute(select(BoardMember).order_by(BoardMember.appointed_on)))
        .scalars()
        .all()
    )
    return [
        BoardOut(
            code=b.code,
            name=b.name,
            seat=b.seat,
            region=b.region,
            states=list(b.states),
            members=[
                MemberOut.model_validate(m, from_attributes=True)
                for m in members
                if m.board_code == b.code
            ],
        )
        for b in boards()
    ]


@router.post(
    "/boards/{board_code}/members", response_model=MemberOut, status_code=status.HTTP_201_CREATED
)
async def appoint_member(
    board_code: str, body: MemberIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MemberOut:
    """Record a member appointed by the Minister (secretariat, officers)."""
    member = await service.appoint_member(
        uow, principal=principal, board_code=board_code, body=body
    )
    return MemberOut.model_validate(member, from_attributes=True)


@router.post("", response_model=AppealOut, status_code=status.HTTP_201_CREATED)
async def file_appeal(body: AppealIn, principal: CurrentPrincipal, uow: UnitOfWorkDep) -> AppealOut:
    """File an appeal with the Board that hears the state."""
    return present(await service.file_appeal(uow, principal=principal, body=body))


@router.get("", response_model=list[AppealOut])
async def list_appeals(principal: CurrentPrincipal, session: ReadSessionDep) -> list[AppealOut]:
    """Appeals the caller may see: their own, or all for the secretariat, officers and dashboards."""
    return [present(a) for a in await service.list_appeals(session, principal)]


@router.get("/decisions", response_model=list[DecisionRecordOut])
async def list_appealable_decisions(
    principal: CurrentPrincipal, session: ReadSessionDep
) -> list[DecisionRecordOut]:
    """Decisions of other services the caller may appeal against, by event id."""
    return [
        DecisionRecordOut.model_validate(d, from_attributes=True)
        for d in await service.decisions_for(session, principal)
    ]


@router.get("/insured-persons/{ic}")
async def insured_person_appeals(
    ic: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> dict[str, object]:
    """One person's appeals (officers, dashboards, the secretariat, that member)."""
    digits = ic_from_path(ic)
    if principal.role is Role.MEMBER and principal.ic != digits:
        raise NotFound("Insured person not found")
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.BOARD_SECRETARIAT, Role.MEMBER)
    appeals = await service.list_appeals(session, principal, ic=digits)
    return {"ic": digits, "appeals": [present(a).model_dump(mode="json") for a in appeals]}


@router.get("/{appeal_id}", response_model=AppealOut)
async def get_appeal(
    appeal_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> AppealOut:
    """One appeal with its hearings and documents (another appellant's: 404)."""
    appeal = await service.load_appeal(session, principal, appeal_id)
    hearings = (
        (
            await session.execute(
                select(Hearing).where(Hearing.appeal_id == appeal.id).order_by(Hearing.starts_at)
            )
        )
        .scalars()
        .all()
    )
    documents = (
        (
            await session.execute(
                select(Document)
                .where(Document.appeal_id == appeal.id)
                .order_by(Document.received_at)
            )
        )
        .scalars()
        .all()
    )
    return present(appeal, list(hearings), list(documents))


@router.post(
    "/{appeal_id}/documents", response_model=DocumentOut, status_code=status.HTTP_201_CREATED
)
async def add_document(
    appeal_id: str, body: DocumentIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> DocumentOut:
    """Lodge a document with the appeal."""
    document = await service.add_document(uow, principal=principal, appeal_id=appeal_id, body=body)
    return DocumentOut.model_validate(document, from_attributes=True)


@router.post(
    "/{appeal_id}/hearings", response_model=HearingOut, status_code=status.HTTP_201_CREATED
)
async def schedule_hearing(
    appeal_id: str, body: HearingIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> HearingOut:
    """Schedule a hearing (secretariat); a board never sits twice at once (409)."""
    hearing = await service.schedule_hearing(
        uow, principal=principal, appeal_id=appeal_id, body=body
    )
    return HearingOut.model_validate(hearing, from_attributes=True)


@router.post("/{appeal_id}/hearings/{hearing_id}/adjourn", response_model=HearingOut)
async def adjourn_hearing(
    appeal_id: str,
    hearing_id: str,
    body: AdjournIn,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
) -> HearingOut:
    """Adjourn a scheduled hearing (secretariat)."""
    hearing = await service.adjourn_hearing(
        uow, principal=principal, appeal_id=appeal_id, hearing_id=hearing_id, reason=body.reason
    )
    return HearingOut.model_validate(hearing, from_attributes=True)


@router.post("/{appeal_id}/decision", response_model=AppealOut)
async def record_decision(
    appeal_id: str, body: DecisionIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> AppealOut:
    """The Board's decision with reasons (secretariat); impossible moves are 409."""
    return present(
        await service.record_decision(uow, principal=principal, appeal_id=appeal_id, body=body)
    )


@router.post("/{appeal_id}/withdraw", response_model=AppealOut)
async def withdraw_appeal(
    appeal_id: str, body: WithdrawIn, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> AppealOut:
    """Withdraw an open appeal (the appellant or the secretariat)."""
    return present(
        await service.withdraw(uow, principal=principal, appeal_id=appeal_id, reason=body.reason)
    )
