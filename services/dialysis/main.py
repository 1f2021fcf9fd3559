"""The dialysis service: `uvicorn services.dialysis.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from services.dialysis import events
from services.dialysis.api import router
from services.dialysis.approvals import FOUR_EYES
from services.dialysis.config import DialysisSettings
from services.dialysis.consumers import consumers
from services.dialysis.deadlines import deadlines
from services.dialysis.models import INFRA
from services.dialysis.repository import DialysisUnitOfWork
from shared.kernel.clock import Clock
from shared.web.app import StreamSpec, create_service_app
from shared.web.auth import TokenVerifier


def create_app(
    settings: DialysisSettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Dialysis centres, treatment approvals, bills, reimbursements, subsidies and donations."""
    return create_service_app(
        title="Dialysis service",
        source="dialysis",
        settings=settings or DialysisSettings(),
        tables=INFRA,
        stream=StreamSpec(events.STREAM, events.SUBJECTS),
        # Before the service's own routes, as in every service (`/approvals` is no record's id).
        routers=[FOUR_EYES.router("/v1/dialysis", "dialysis"), router],
        api_prefix="/v1/dialysis",
        consumers=consumers,
        deadlines=deadlines,
        verifier=verifier,
        clock=clock,
        unit_of_work=DialysisUnitOfWork,
    )
