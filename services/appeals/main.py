"""The appeals service: `uvicorn services.appeals.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from services.appeals import events
from services.appeals.api import router
from services.appeals.approvals import FOUR_EYES
from services.appeals.config import AppealsSettings
from services.appeals.consumers import consumers
from services.appeals.deadlines import deadlines
from services.appeals.models import INFRA
from services.appeals.repository import AppealsUnitOfWork
from shared.kernel.clock import Clock
from shared.web.app import StreamSpec, create_service_app
from shared.web.auth import TokenVerifier


def create_app(
    settings: AppealsSettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The Social Security Appellate Board: appeals, boards, hearings, decisions."""
    return create_service_app(
        title="Appeals service",
        source="appeals",
        settings=settings or AppealsSettings(),
        tables=INFRA,
        stream=StreamSpec(events.STREAM, events.SUBJECTS),
        # Approvals first, as in every service (`/approvals` is no record's id).
        routers=[FOUR_EYES.router("/v1/appeals", "appeals"), router],
        api_prefix="/v1/appeals",
        consumers=consumers,
        deadlines=deadlines,
        verifier=verifier,
        clock=clock,
        unit_of_work=AppealsUnitOfWork,
    )
