"""The loan service's deadline checks, run by the service app at start and every
`DEADLINE_CHECK_SECONDS` (shared.persistence.deadline_watcher)."""

from __future__ import annotations

from datetime import date
from typing import cast

from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.deadlines import raise_overdue_instalments
from shared.persistence.deadline_watcher import Batch, Cursor, DeadlineCheck
from shared.persistence.uow import UnitOfWork
from shared.web.runtime import ServiceRuntime


def deadlines(runtime: ServiceRuntime) -> list[DeadlineCheck]:
    async def instalments(uow: UnitOfWork, today: date, after: Cursor | None, limit: int) -> Batch:
        return await raise_overdue_instalments(
            cast(LoanUnitOfWork, uow), today=today, after=after, limit=limit
        )

    return [DeadlineCheck("loan-instalment", instalments)]
