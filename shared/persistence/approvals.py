"""The four-eyes table's queries (shared.web.four_eyes decides; this only stores)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.kernel.approvals import ApprovalStatus


@dataclass(frozen=True)
class Approval:
    id: str
    action: str
    record_key: str
    status: ApprovalStatus
    requested_by: str
    requested_at: datetime
    summary: str
    amount: Decimal | None
    command: dict[str, Any]  # {"params": {...}, "body": {...} | null}: what was asked, validated
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None

    def decided(
        self, status: ApprovalStatus, by: str, at: datetime, reason: str | None
    ) -> Approval:
        return replace(self, status=status, decided_by=by, decided_at=at, reason=reason)


class ApprovalStore:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._session = session
        self._table = table

    async def add(self, approval: Approval) -> None:
        row = {**approval.__dict__, "status": approval.status.value}
        row["command"] = json.dumps(approval.command, separators=(",", ":"))
        await self._session.execute(insert(self._table).values(**row))

    async def get(self, approval_id: str) -> Approval | None:
        row = (
            await self._session.execute(select(self._table).where(self._table.c.id == approval_id))
        ).first()
        return _approval(row._mapping) if row else None

    async def decide(self, decided: Approval) -> bool:
        """Move a pending request to its decision; False if it was no longer pending (another
        officer decided it first: the row lock makes the second wait, then find it decided)."""
        t = self._table
        result = await self._session.execute(
            update(t)
            .where(t.c.id == decided.id, t.c.status == ApprovalStatus.PENDING.value)
            .values(
                status=decided.status.value,
                decided_by=decided.decided_by,
                decided_at=decided.decided_at,
                reason=decided.reason,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def page(
        self, status: ApprovalStatus | None, after: tuple[datetime, str] | None, limit: int
    ) -> list[Approval]:
        """Oldest first, `limit + 1` rows from after the key (requested_at, id)."""
        t = self._table
        query = select(t).order_by(t.c.requested_at, t.c.id).limit(limit + 1)
        if status is not None:
            query = query.where(t.c.status == status.value)
        if after is not None:
            at, last_id = after
            query = query.where(
                or_(t.c.requested_at > at, and_(t.c.requested_at == at, t.c.id > last_id))
            )
        return [_approval(row._mapping) for row in await self._session.execute(query)]

    async def pending_for(self, record_keys: list[str]) -> list[Approval]:
        t = self._table
        rows = await self._session.execute(
            select(t)
            .where(t.c.record_key.in_(record_keys), t.c.status == ApprovalStatus.PENDING.value)
            .order_by(t.c.requested_at, t.c.id)
        )
        return [_approval(row._mapping) for row in rows]


def _approval(row: Any) -> Approval:
    values = dict(row)
    values["status"] = ApprovalStatus(values["status"])
    values["command"] = json.loads(values["command"])
    return Approval(**values)
