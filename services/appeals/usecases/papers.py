"""What the appeals service's printable papers read: the notice of a hearing."""

from __future__ import annotations

from dataclasses import dataclass

from services.appeals.domain.boards import Board, board_by_code
from services.appeals.models import Appeal, Hearing
from services.appeals.repository import AppealsUnitOfWork
from services.appeals.usecases.appeals import load
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal


@dataclass(frozen=True)
class HearingNotice:
    appeal: Appeal
    hearing: Hearing
    board: Board | None  # None only for a board code no longer in the table


async def hearing_notice(
    uow: AppealsUnitOfWork, *, principal: Principal, appeal_id: str, hearing_id: str
) -> HearingNotice:
    """A hearing of an appeal the caller may see (another appellant's, or another appeal's
    hearing: 404), with the board that sits."""
    appeal = await load(uow, principal, appeal_id)
    hearing = await uow.hearings.get(hearing_id)
    if hearing is None or hearing.appeal_id != appeal.id:
        raise NotFound(msg("Hearing {hearing_id} not found", hearing_id=hearing_id))
    return HearingNotice(appeal, hearing, board_by_code(hearing.board_code))
