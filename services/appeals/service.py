"""Use cases of the appeals service: one transaction each, events recorded in it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.appeals import events
from services.appeals.domain import case
from services.appeals.domain.boards import board_by_code, board_for_state
from services.appeals.domain.case import Outcome, Slot, Status
from services.appeals.domain.filing import (
    AppellantKind,
    RepresentationFacts,
    add_years,
    check_provision,
    check_representation,
    ensure_within_time,
)
from services.appeals.models import (
    Appeal,
    AppealableDecision,
    BoardMember,
    CaseCounter,
    Document,
    Hearing,
)
from services.appeals.schemas import AppealIn, DecisionIn, DocumentIn, HearingIn, MemberIn
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, Forbidden, NotFound, RuleCheck
from shared.kernel.ic import mask_ic
from shared.persistence.uow import UnitOfWork
from shared.web.auth import Principal, Role

STAFF = (Role.OFFICER, Role.DASHBOARD, Role.BOARD_SECRETARIAT)


def may_see(principal: Principal, appeal: Appeal) -> bool:
    """Appellants see their own appeals; the secretariat, officers and dashboards see all."""
    if principal.role in STAFF:
        return True
    if principal.role is Role.MEMBER:
        return principal.ic is not None and principal.ic == appeal.appellant_ic
    if principal.role is Role.EMPLOYER:
        return (
            principal.employer_code is not None
            and principal.employer_code == appeal.appellant_employer_code
        )
    return False


async def load_appeal(
    session: AsyncSession, principal: Principal, appeal_id: str, *, for_update: bool = False
) -> Appeal:
    principal.require_role(*STAFF, Role.MEMBER, Role.EMPLOYER)
    statement = select(Appeal).where(Appeal.id == appeal_id)
    if for_update:
        statement = statement.with_for_update()
    appeal = (await session.execute(statement)).scalar_one_or_none()
    if appeal is None or not may_see(principal, appeal):
        raise NotFound(f"Appeal {appeal_id} not found")
    return appeal


def _check_appellant(check: RuleCheck, principal: Principal, body: AppealIn) -> None:
    kind = body.appellant_kind
    if kind in (AppellantKind.EMPLOYEE, AppellantKind.DEPENDANT):
        check.require(
            body.appellant_ic is not None,
            "appellant-ic-required",
            "an employee or dependant is identified by IC",
            field="appellant_ic",
        )
    if kind is AppellantKind.EMPLOYER:
        check.require(
            body.employer_code is not None,
            "employer-code-required",
            "an employer is identified by its employer code",
            field="employer_code",
        )
    if principal.role is Role.MEMBER:
        check.require(
            kind in (AppellantKind.EMPLOYEE, AppellantKind.DEPENDANT),
            "member-files-as-person",
            "a member files as an employee or dependant",
            field="appellant_kind",
        )
        check.require(
            body.appellant_ic == principal.ic,
            "member-files-own-appeal",
            "a member files only their own appeal",
            field="appellant_ic",
        )
    if principal.role is Role.EMPLOYER:
        check.require(
            kind is AppellantKind.EMPLOYER,
            "employer-files-as-employer",
            "an employer files as the employer",
            field="appellant_kind",
        )
        check.require(
            body.employer_code == principal.employer_code,
            "employer-files-own-appeal",
            "an employer files only its own appeal",
            field="employer_code",
        )
    if kind is AppellantKind.ORGANISATION:
        check.require(
            principal.role is Role.OFFICER,
            "organisation-by-officer",
            "the Organisation's appeals are filed by its officers",
            field="appellant_kind",
        )


async def _next_case_number(session: AsyncSession, board_code: str, year: int) -> str:
    counter = (
        await session.execute(
            select(CaseCounter)
            .where(CaseCounter.board_code == board_code, CaseCounter.year == year)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if counter is None:
        counter = CaseCounter(board_code=board_code, year=year, last=0)
        session.add(counter)
    counter.last += 1
    return case.case_number(board_code, year, counter.last)


async def file_appeal(uow: UnitOfWork, *, principal: Principal, body: AppealIn) -> Appeal:
    """File an appeal: every rule checked at once, then the limitation period; publishes appeals.appeal.filed."""
    if principal.role not in (Role.MEMBER, Role.EMPLOYER, Role.OFFICER):
        raise Forbidden(f"Role '{principal.role.value}' may not file appeals")
    check = RuleCheck()
    _check_appellant(check, principal, body)
    check_provision(check, body.act, body.section)
    check_representation(
        check,
        RepresentationFacts(
            kind=body.representation.kind,
            representative_name=body.representation.representative_name,
            authorised_in_writing=body.representation.authorised_in_writing,
            board_permission_reference=body.representation.board_permission_reference,
        ),
    )
    try:
        board = board_for_state(body.state)
    except KeyError:
        check.require(
            False,
            "unknown-state",
            f"{body.state} is not a Malaysian state or federal territory",
            field="state",
        )
    check.require(
        body.cause_of_action_date is not None or body.decision_event_id is not None,
        "cause-of-action-required",
        "give the date the cause of action arose, or cite the decision under appeal",
        field="cause_of_action_date",
    )
    check.raise_if_failed("The appeal cannot be filed")
    filed_on = malaysia_date(uow.now())
    async with uow:
        session = uow.session
        cause = body.cause_of_action_date
        if body.decision_event_id is not None:
            decision = await session.get(AppealableDecision, body.decision_event_id)
            if decision is None or not _decision_concerns(decision, body):
                raise NotFound(f"Decision {body.decision_event_id} not found")
            cause = decision.decided_on
        assert cause is not None
        if cause > filed_on:
            check.require(
                False,
                "cause-in-future",
                "the cause of action cannot be in the future",
                field="cause_of_action_date",
            )
            check.raise_if_failed("The appeal cannot be filed")
        ensure_within_time(cause_of_action=cause, filed_on=filed_on)
        appeal = Appeal(
            id=str(uuid.uuid4()),
            case_number=await _next_case_number(session, board.code, filed_on.year),
            board_code=board.code,
            state=body.state,
            appellant_kind=body.appellant_kind.value,
            appellant_name=body.appellant_name,
            appellant_ic=body.appellant_ic,
            appellant_employer_code=body.employer_code,
            act=body.act.value,
            section=body.section,
            matter=body.matter,
            cause_of_action_date=cause,
            decision_event_id=body.decision_event_id,
            representation=body.representation.kind.value,
            representative_name=body.representation.representative_name,
            board_permission_reference=body.representation.board_permission_reference,
            status=Status.FILED.value,
            filed_on=filed_on,
            filed_at=uow.now(),
            filed_by=uow.actor,
        )
        session.add(appeal)
        uow.record(
            events.APPEAL_FILED,
            subject=appeal.id,
            data={
                "appeal_id": appeal.id,
                "case_number": appeal.case_number,
                "board_code": board.code,
                "appellant_kind": appeal.appellant_kind,
                "appellant_ic": mask_ic(appeal.appellant_ic) if appeal.appellant_ic else None,
                "employer_code": appeal.appellant_employer_code,
                "act": appeal.act,
                "decision_event_id": appeal.decision_event_id,
            },
        )
        await uow.commit()
        return appeal


def _decision_concerns(decision: AppealableDecision, body: AppealIn) -> bool:
    """A cited decision must be about the appellant (the Organisation may cite any)."""
    if body.appellant_kind is AppellantKind.ORGANISATION:
        return True
    if decision.party_ic is not None:
        return decision.party_ic == body.appellant_ic
    return (
        decision.party_employer_code is not None
        and decision.party_employer_code == body.employer_code
    )


async def schedule_hearing(
    uow: UnitOfWork, *, principal: Principal, appeal_id: str, body: HearingIn
) -> Hearing:
    """Schedule a hearing; one board never sits two hearings at the same time."""
    principal.require_role(Role.BOARD_SECRETARIAT)
    async with uow:
        session = uow.session
        appeal = await load_appeal(session, principal, appeal_id, for_update=True)
        new_status = case.after_scheduling(Status(appeal.status))
        slot = Slot(body.starts_at, body.duration_minutes)
        others = (
            (
                await session.execute(
                    select(Hearing).where(
                        Hearing.board_code == appeal.board_code,
                        Hearing.status == "scheduled",
                        Hearing.starts_at < slot.ends_at,
                        Hearing.ends_at > slot.starts_at,
                    )
                )
            )
            .scalars()
            .all()
        )
        if others:
            raise Conflict(
                f"Board {appeal.board_code} already sits at that time (hearing {others[0].id})"
            )
        hearing = Hearing(
            id=str(uuid.uuid4()),
            appeal_id=appeal.id,
            board_code=appeal.board_code,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            status="scheduled",
        )
        session.add(hearing)
        appeal.status = new_status.value
        uow.record(
            events.HEARING_SCHEDULED,
            subject=appeal.id,
            data={
                "appeal_id": appeal.id,
                "hearing_id": hearing.id,
                "board_code": appeal.board_code,
                "starts_at": slot.starts_at.isoformat(),
            },
        )
        await uow.commit()
        return hearing


async def adjourn_hearing(
    uow: UnitOfWork, *, principal: Principal, appeal_id: str, hearing_id: str, reason: str
) -> Hearing:
    principal.require_role(Role.BOARD_SECRETARIAT)
    async with uow:
        session = uow.session
        appeal = await load_appeal(session, principal, appeal_id, for_update=True)
        hearing = await session.get(Hearing, hearing_id)
        if hearing is None or hearing.appeal_id != appeal.id:
            raise NotFound(f"Hearing {hearing_id} not found")
        if hearing.status != "scheduled":
            raise Conflict(f"The hearing is already {hearing.status}")
        appeal.status = case.after_adjournment(Status(appeal.status)).value
        hearing.status = "adjourned"
        hearing.adjournment_reason = reason
        uow.record(
            events.HEARING_ADJOURNED,
            subject=appeal.id,
            data={"appeal_id": appeal.id, "hearing_id": hearing.id},
        )
        await uow.commit()
        return hearing


async def decide(
    uow: UnitOfWork, *, principal: Principal, appeal_id: str, outcome: Outcome, reasons: str
) -> Appeal:
    """Record the Board's decision (or a withdrawal); publishes appeals.appeal.decided."""
    async with uow:
        session = uow.session
        appeal = await load_appeal(session, principal, appeal_id, for_update=True)
        appeal.status = case.after_decision(Status(appeal.status), outcome).value
        appeal.outcome = outcome.value
        appeal.decision_reasons = reasons
        appeal.decided_on = malaysia_date(uow.now())
        for hearing in (
            await session.execute(
                select(Hearing).where(Hearing.appeal_id == appeal.id, Hearing.status == "scheduled")
            )
        ).scalars():
            hearing.status = "held" if outcome is not Outcome.WITHDRAWN else "vacated"
        uow.record(
            events.APPEAL_DECIDED,
            subject=appeal.id,
            data={
                "appeal_id": appeal.id,
                "case_number": appeal.case_number,
                "board_code": appeal.board_code,
                "outcome": outcome.value,
            },
        )
        await uow.commit()
        return appeal


async def record_decision(
    uow: UnitOfWork, *, principal: Principal, appeal_id: str, body: DecisionIn
) -> Appeal:
    principal.require_role(Role.BOARD_SECRETARIAT)
    return await decide(
        uow, principal=principal, appeal_id=appeal_id, outcome=body.outcome, reasons=body.reasons
    )


async def withdraw(uow: UnitOfWork, *, principal: Principal, appeal_id: str, reason: str) -> Appeal:
    """The appellant (or the secretariat on their behalf) withdraws the appeal."""
    if principal.role not in (Role.MEMBER, Role.EMPLOYER, Role.OFFICER, Role.BOARD_SECRETARIAT):
        raise Forbidden(f"Role '{principal.role.value}' may not withdraw appeals")
    return await decide(
        uow, principal=principal, appeal_id=appeal_id, outcome=Outcome.WITHDRAWN, reasons=reason
    )


async def add_document(
    uow: UnitOfWork, *, principal: Principal, appeal_id: str, body: DocumentIn
) -> Document:
    if principal.role is Role.DASHBOARD:
        raise Forbidden("Dashboards only read")
    async with uow:
        appeal = await load_appeal(uow.session, principal, appeal_id)
        document = Document(
            id=str(uuid.uuid4()),
            appeal_id=appeal.id,
            title=body.title,
            kind=body.kind,
            received_at=uow.now(),
            submitted_by=uow.actor,
        )
        uow.session.add(document)
        await uow.commit()
        return document


async def appoint_member(
    uow: UnitOfWork, *, principal: Principal, board_code: str, body: MemberIn
) -> BoardMember:
    """Record a member the Minister appointed to a board, with the term."""
    principal.require_role(Role.BOARD_SECRETARIAT, Role.OFFICER)
    if board_by_code(board_code) is None:
        raise NotFound(f"Board {board_code} not found")
    async with uow:
        member = BoardMember(
            id=str(uuid.uuid4()),
            board_code=board_code,
            name=body.name,
            role=body.role,
            appointed_on=body.appointed_on,
            term_ends_on=add_years(body.appointed_on, body.term_years),
            appointed_by=body.appointed_by,
        )
        uow.session.add(member)
        uow.record(
            events.MEMBER_APPOINTED,
            subject=board_code,
            data={"board_code": board_code, "member_id": member.id},
        )
        await uow.commit()
        return member


async def list_appeals(
    session: AsyncSession, principal: Principal, *, ic: str | None = None
) -> Sequence[Appeal]:
    statement = select(Appeal).order_by(Appeal.filed_at.desc()).limit(500)
    if principal.role is Role.MEMBER:
        statement = statement.where(Appeal.appellant_ic == principal.ic)
    elif principal.role is Role.EMPLOYER:
        statement = statement.where(Appeal.appellant_employer_code == principal.employer_code)
    elif principal.role not in STAFF:
        raise Forbidden(f"Role '{principal.role.value}' may not read appeals")
    if ic is not None:
        statement = statement.where(Appeal.appellant_ic == ic)
    return (await session.execute(statement)).scalars().all()


async def decisions_for(
    session: AsyncSession, principal: Principal
) -> Sequence[AppealableDecision]:
    statement = select(AppealableDecision).order_by(AppealableDecision.decided_on.desc()).limit(500)
    if principal.role is Role.MEMBER:
        statement = statement.where(AppealableDecision.party_ic == principal.ic)
    elif principal.role is Role.EMPLOYER:
        statement = statement.where(
            AppealableDecision.party_employer_code == principal.employer_code
        )
    elif principal.role not in STAFF:
        raise Forbidden(f"Role '{principal.role.value}' may not read decisions")
    return (await session.execute(statement)).scalars().all()
