"""How appeals and boards are shown: from records to the response models."""

from __future__ import annotations

from collections.abc import Sequence

from services.appeals.domain.filing import last_day_to_file
from services.appeals.models import Appeal, BoardMember, Document, Hearing
from services.appeals.schemas import AppealOut, BoardOut, DocumentOut, HearingOut, MemberOut
from services.appeals.usecases.boards import BoardWithMembers


def appeal_out(
    appeal: Appeal, hearings: Sequence[Hearing] = (), documents: Sequence[Document] = ()
) -> AppealOut:
    return AppealOut.model_validate(
        {
            **{c.key: getattr(appeal, c.key) for c in Appeal.__table__.columns},
            "last_day_to_file": last_day_to_file(appeal.cause_of_action_date),
            "hearings": [hearing_out(h) for h in hearings],
            "documents": [document_out(d) for d in documents],
        }
    )


def hearing_out(hearing: Hearing) -> HearingOut:
    return HearingOut.model_validate(hearing, from_attributes=True)


def document_out(document: Document) -> DocumentOut:
    return DocumentOut.model_validate(document, from_attributes=True)


def member_out(member: BoardMember) -> MemberOut:
    return MemberOut.model_validate(member, from_attributes=True)


def board_out(entry: BoardWithMembers) -> BoardOut:
    board = entry.board
    return BoardOut(
        code=board.code,
        name=board.name,
        seat=board.seat,
        region=board.region,
        states=list(board.states),
        members=[member_out(m) for m in entry.members],
    )
