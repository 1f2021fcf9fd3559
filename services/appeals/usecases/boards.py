"""The Boards and the members the Minister appoints to them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from services.appeals import access
from services.appeals.domain.boards import Board, board_by_code, boards
from services.appeals.domain.filing import add_years
from services.appeals.events import BoardMemberAppointed
from services.appeals.models import BoardMember
from services.appeals.repository import AppealsUnitOfWork
from services.appeals.schemas import MemberIn
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal


@dataclass(frozen=True)
class BoardWithMembers:
    board: Board
    members: Sequence[BoardMember]


async def list_boards(uow: AppealsUnitOfWork) -> list[BoardWithMembers]:
    """The eleven boards, the states they hear, and their appointed members."""
    members = await uow.members.all_by_appointment()
    return [BoardWithMembers(b, [m for m in members if m.board_code == b.code]) for b in boards()]


async def appoint_member(
    uow: AppealsUnitOfWork, *, principal: Principal, board_code: str, body: MemberIn
) -> BoardMember:
    """Record a member the Minister appointed to a board, with the term."""
    access.ensure_may_appoint(principal)
    if board_by_code(board_code) is None:
        raise NotFound(msg("Board {board_code} not found", board_code=board_code))
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
        uow.members.add(member)
        uow.record(BoardMemberAppointed(board_code=board_code, member_id=member.id))
        await uow.commit()
        return member
