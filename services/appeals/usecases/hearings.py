"""Hearings: scheduled by the Board's secretariat, one board never sitting twice at once."""

from __future__ import annotations

import uuid

from services.appeals import access
from services.appeals.domain import case
from services.appeals.domain.case import HearingStatus, Slot, Status
from services.appeals.events import HearingAdjourned, HearingScheduled
from services.appeals.models import Hearing
from services.appeals.repository import AppealsUnitOfWork
from services.appeals.schemas import HearingIn
from services.appeals.usecases.appeals import load
from shared.kernel.dates import ensure_to_come
from shared.kernel.errors import Conflict, NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal


async def schedule_hearing(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, body: HearingIn
) -> Hearing:
    """Schedule a hearing, ahead; one board never sits two hearings at the same time."""
    access.ensure_secretariat(principal)
    ensure_to_come("starts_at", body.starts_at, now=uow.now())
    async with uow:
        appeal = await load(uow, principal, appeal_id, for_update=True)
        new_status = case.after_scheduling(Status(appeal.status))
        slot = Slot(body.starts_at, body.duration_minutes)
        others = await uow.hearings.scheduled_overlapping(
            appeal.board_code, slot.starts_at, slot.ends_at
        )
        if others:
            raise Conflict(
                msg(
                    "Board {board_code} already sits at that time (hearing {id})",
                    board_code=appeal.board_code,
                    id=others[0].id,
                )
            )
        hearing = Hearing(
            id=str(uuid.uuid4()),
            appeal_id=appeal.id,
            board_code=appeal.board_code,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            status=HearingStatus.SCHEDULED.value,
        )
        uow.hearings.add(hearing)
        appeal.status = new_status.value
        uow.record(
            HearingScheduled(
                appeal_id=appeal.id,
                hearing_id=hearing.id,
                board_code=appeal.board_code,
                starts_at=slot.starts_at,
            )
        )
        await uow.commit()
        return hearing


async def adjourn_hearing(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, hearing_id: str, reason: str
) -> Hearing:
    """Adjourn a scheduled hearing, with the reason."""
    access.ensure_secretariat(principal)
    async with uow:
        appeal = await load(uow, principal, appeal_id, for_update=True)
        hearing = await uow.hearings.get(hearing_id)
        if hearing is None or hearing.appeal_id != appeal.id:
            raise NotFound(msg("Hearing {hearing_id} not found", hearing_id=hearing_id))
        hearing_status = case.hearing_after_adjournment(HearingStatus(hearing.status))
        appeal.status = case.after_adjournment(Status(appeal.status)).value
        hearing.status = hearing_status.value
        hearing.adjournment_reason = reason
        uow.record(HearingAdjourned(appeal_id=appeal.id, hearing_id=hearing.id))
        await uow.commit()
        return hearing
