"""Appeals: filing, the Board's decision, withdrawal, documents, and what a caller may see."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.appeals import access
from services.appeals.domain import case
from services.appeals.domain.boards import Board, board_for_state
from services.appeals.domain.case import HearingStatus, Outcome, Status
from services.appeals.domain.filing import (
    AppellantKind,
    RepresentationFacts,
    check_provision,
    check_representation,
    ensure_within_time,
)
from services.appeals.events import AppealDecided, AppealFiled
from services.appeals.models import Appeal, AppealableDecision, Document, Hearing
from services.appeals.repository import LIST_LIMIT, AppealsUnitOfWork
from services.appeals.schemas import AppealIn, DocumentIn
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import NotFound, RuleCheck
from shared.kernel.i18n import msg
from shared.kernel.ic import mask_ic
from shared.web.auth import Principal


@dataclass(frozen=True)
class AppealRecord:
    """An appeal with its hearings and documents, as its GET shows it."""

    appeal: Appeal
    hearings: Sequence[Hearing] = ()
    documents: Sequence[Document] = ()


async def load(
    uow: AppealsUnitOfWork, principal: Principal, appeal_id: str, *, for_update: bool = False
) -> Appeal:
    """The appeal if the caller may see it (another appellant's: 404)."""
    appeal = await uow.appeals.get(appeal_id, for_update=for_update)
    return access.ensure_may_see(principal, appeal, appeal_id)


async def get_appeal(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str
) -> AppealRecord:
    """One appeal with its hearings and documents."""
    appeal = await load(uow, principal, appeal_id)
    return AppealRecord(
        appeal, await uow.hearings.of_appeal(appeal.id), await uow.documents.of_appeal(appeal.id)
    )


async def list_appeals(
    uow: AppealsUnitOfWork,
    *,
    principal: Principal,
    ic: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int = LIST_LIMIT,
) -> Sequence[Appeal]:
    """The newest appeals the caller may see, optionally one person's, `limit + 1` after the
    cursor's."""
    filters = access.own_filter(principal, "appeals")
    if ic is not None:
        filters["ic"] = ic
    return await uow.appeals.newest(**filters, after=after, limit=limit)


async def person_appeals(
    uow: AppealsUnitOfWork, *, principal: Principal, ic: str
) -> Sequence[Appeal]:
    access.ensure_may_read_person(principal, ic)
    return await list_appeals(uow, principal=principal, ic=ic)


async def appealable_decisions(
    uow: AppealsUnitOfWork,
    *,
    principal: Principal,
    after: tuple[date, str] | None = None,
    limit: int = 50,
) -> Sequence[AppealableDecision]:
    """Other services' decisions the caller may appeal against (a member's, by their key),
    newest first."""
    filters = access.own_filter(principal, "decisions")
    ic = filters.pop("ic", None)
    return await uow.decisions.newest(
        person_key=uow.person_key(ic) if ic else None,
        employer_code=filters.get("employer_code"),
        after=after,
        limit=limit,
    )


def _checked_filing(principal: Principal, body: AppealIn) -> Board:
    """Every rule of the form at once (422 naming each field); the Board that hears the state."""
    check = RuleCheck()
    access.check_appellant(check, principal, body)
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
    board: Board | None = None
    try:
        board = board_for_state(body.state)
    except KeyError:
        check.require(
            False,
            "unknown-state",
            msg("{state} is not a Malaysian state or federal territory", state=body.state),
            field="state",
        )
    check.require(
        body.cause_of_action_date is not None or body.decision_event_id is not None,
        "cause-of-action-required",
        msg("give the date the cause of action arose, or cite the decision under appeal"),
        field="cause_of_action_date",
    )
    check.raise_if_failed("The appeal cannot be filed")
    assert board is not None
    return board


async def _cause_of_action(
    uow: AppealsUnitOfWork, body: AppealIn, filed_on: date
) -> tuple[date, str | None]:
    """The day the limitation period runs from (the cited decision's, or the one given), and
    the cited decision's event type."""
    cause, decision_type = body.cause_of_action_date, None
    if body.decision_event_id is not None:
        decision = await uow.decisions.get(body.decision_event_id)
        appellant = uow.person_key(body.appellant_ic) if body.appellant_ic else None
        if decision is None or not access.decision_concerns(
            decision,
            person_key=appellant,
            employer_code=body.employer_code,
            by_organisation=body.appellant_kind is AppellantKind.ORGANISATION,
        ):
            raise NotFound(
                msg(
                    "Decision {decision_event_id} not found",
                    decision_event_id=body.decision_event_id,
                )
            )
        cause, decision_type = decision.decided_on, decision.event_type
    assert cause is not None
    if cause > filed_on:
        check = RuleCheck()
        check.require(
            False,
            "cause-in-future",
            msg("the cause of action cannot be in the future"),
            field="cause_of_action_date",
        )
        check.raise_if_failed("The appeal cannot be filed")
    ensure_within_time(cause_of_action=cause, filed_on=filed_on)
    return cause, decision_type


async def file_appeal(uow: AppealsUnitOfWork, *, principal: Principal, body: AppealIn) -> Appeal:
    """File an appeal: every rule checked at once, then the limitation period; publishes appeals.appeal.filed."""
    access.ensure_may_file(principal)
    board = _checked_filing(principal, body)
    filed_on = malaysia_date(uow.now())
    async with uow:
        cause, decision_type = await _cause_of_action(uow, body, filed_on)
        sequence = await uow.appeals.next_case_sequence(board.code, filed_on.year)
        appeal = Appeal(
            id=str(uuid.uuid4()),
            case_number=case.case_number(board.code, filed_on.year, sequence),
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
        uow.appeals.add(appeal)
        uow.record(
            AppealFiled(
                appeal_id=appeal.id,
                case_number=appeal.case_number,
                board_code=board.code,
                appellant_kind=appeal.appellant_kind,
                appellant_key=uow.person_key(appeal.appellant_ic) if appeal.appellant_ic else None,
                appellant_ic_masked=mask_ic(appeal.appellant_ic) if appeal.appellant_ic else None,
                employer_code=appeal.appellant_employer_code,
                act=appeal.act,
                decision_event_id=appeal.decision_event_id,
                decision_event_type=decision_type,
            )
        )
        await uow.commit()
        return appeal


async def decide(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, outcome: Outcome, reasons: str
) -> AppealRecord:
    """Record the Board's decision (or a withdrawal); publishes appeals.appeal.decided."""
    async with uow:
        appeal = await load(uow, principal, appeal_id, for_update=True)
        now = uow.now()
        hearings = await uow.hearings.of_appeal(appeal.id)
        heard = any(
            h.status in (HearingStatus.SCHEDULED.value, HearingStatus.HELD.value)
            and h.starts_at <= now
            for h in hearings
        )
        appeal.status = case.after_decision(Status(appeal.status), outcome, heard=heard).value
        appeal.outcome = outcome.value
        appeal.decision_reasons = reasons
        appeal.decided_on = malaysia_date(now)
        for hearing in hearings:
            if hearing.status == HearingStatus.SCHEDULED.value:
                begun = hearing.starts_at <= now
                hearing.status = case.hearing_after_decision(outcome, begun=begun).value
        cited = (
            await uow.decisions.get(appeal.decision_event_id) if appeal.decision_event_id else None
        )
        uow.record(
            AppealDecided(
                appeal_id=appeal.id,
                case_number=appeal.case_number,
                board_code=appeal.board_code,
                outcome=outcome.value,
                decision_event_id=appeal.decision_event_id,
                decision_event_type=cited.event_type if cited is not None else None,
            )
        )
        documents = await uow.documents.of_appeal(appeal.id)
        await uow.commit()
        return AppealRecord(appeal, hearings, documents)


async def record_decision(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, outcome: Outcome, reasons: str
) -> AppealRecord:
    """The Board's decision, recorded by its secretariat."""
    access.ensure_secretariat(principal)
    return await decide(
        uow, principal=principal, appeal_id=appeal_id, outcome=outcome, reasons=reasons
    )


async def withdraw(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, reason: str
) -> AppealRecord:
    """The appellant (or the secretariat on their behalf) withdraws the appeal."""
    access.ensure_may_withdraw(principal)
    return await decide(
        uow, principal=principal, appeal_id=appeal_id, outcome=Outcome.WITHDRAWN, reasons=reason
    )


async def add_document(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, body: DocumentIn
) -> Document:
    """Lodge a document with an appeal the caller may see."""
    access.ensure_may_lodge_documents(principal)
    async with uow:
        appeal = await load(uow, principal, appeal_id)
        document = Document(
            id=str(uuid.uuid4()),
            appeal_id=appeal.id,
            title=body.title,
            kind=body.kind,
            received_at=uow.now(),
            submitted_by=uow.actor,
        )
        uow.documents.add(document)
        await uow.commit()
        return document
