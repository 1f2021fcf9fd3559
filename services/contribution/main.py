"""The contribution service: `uvicorn services.contribution.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from services.contribution import events
from services.contribution.api import router
from services.contribution.approvals import FOUR_EYES
from services.contribution.config import ContributionSettings
from services.contribution.consumers import consumers
from services.contribution.deadlines import deadlines
from services.contribution.domain.due_dates import load_calendars
from services.contribution.models import INFRA
from services.contribution.partitions import keep_months_ahead
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.textfile.service import resume_unfinished_jobs
from services.contribution.textfile_api import router as textfile_router
from shared.kernel.clock import Clock, malaysia_date
from shared.web.app import StreamSpec, create_service_app
from shared.web.auth import TokenVerifier
from shared.web.runtime import ServiceRuntime


async def _start(runtime: ServiceRuntime) -> None:
    today = malaysia_date(runtime.clock.now())
    load_calendars(today.year)
    await keep_months_ahead(runtime.engine, today)
    await resume_unfinished_jobs(runtime)


def create_app(
    settings: ContributionSettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Employer and employee contributions, submissions, bank payments and late interest."""
    return create_service_app(
        title="Contribution service",
        source="contribution",
        settings=settings or ContributionSettings(),
        tables=INFRA,
        stream=StreamSpec(events.STREAM, events.SUBJECTS),
        # Approvals first, as in every service (`/approvals` is no record's id).
        routers=[FOUR_EYES.router("/v1/contributions", "contributions"), textfile_router, router],
        consumers=consumers,
        api_prefix="/v1/contributions",
        on_startup=_start,
        deadlines=deadlines,
        verifier=verifier,
        clock=clock,
        unit_of_work=ContributionUnitOfWork,
    )
