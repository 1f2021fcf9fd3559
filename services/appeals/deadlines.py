"""The appeals service's deadline checks, run by the service app at start and every
`DEADLINE_CHECK_SECONDS` (shared.persistence.deadline_watcher)."""

from __future__ import annotations

from datetime import date
from typing import cast

from services.appeals.config import AppealsSettings
from services.appeals.repository import AppealsUnitOfWork
from services.appeals.usecases.deadlines import raise_overdue_hearings
from shared.persistence.deadline_watcher import Batch, Cursor, DeadlineCheck
from shared.persistence.uow import UnitOfWork
from shared.web.runtime import ServiceRuntime


def deadlines(runtime: ServiceRuntime) -> list[DeadlineCheck]:
    settings = cast(AppealsSettings, runtime.settings)

    async def hearings(uow: UnitOfWork, today: date, after: Cursor | None, limit: int) -> Batch:
        return await raise_overdue_hearings(
            cast(AppealsUnitOfWork, uow),
            today=today,
            within_days=settings.hearing_within_days,
            after=after,
            limit=limit,
        )

    return [DeadlineCheck("appeal-hearing", hearings)]
