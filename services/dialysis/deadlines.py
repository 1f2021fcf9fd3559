"""The dialysis service's deadline checks, run by the service app at start and every
`DEADLINE_CHECK_SECONDS` (shared.persistence.deadline_watcher)."""

from __future__ import annotations

from datetime import date
from typing import cast

from services.dialysis.config import DialysisSettings
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.usecases.deadlines import raise_overdue_decisions
from shared.persistence.deadline_watcher import Batch, Cursor, DeadlineCheck
from shared.persistence.uow import UnitOfWork
from shared.web.runtime import ServiceRuntime


def deadlines(runtime: ServiceRuntime) -> list[DeadlineCheck]:
    settings = cast(DialysisSettings, runtime.settings)

    async def decisions(uow: UnitOfWork, today: date, after: Cursor | None, limit: int) -> Batch:
        return await raise_overdue_decisions(
            cast(DialysisUnitOfWork, uow),
            today=today,
            decision_days=settings.treatment_decision_days,
            after=after,
            limit=limit,
        )

    return [DeadlineCheck("treatment-decision", decisions)]
