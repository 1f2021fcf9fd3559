"""Centres: registration, appointment to the panel, donated machines and grants."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from services.dialysis import access
from services.dialysis.domain.centres import MAY_RECEIVE_MACHINES, CentreKind
from services.dialysis.events import (
    CentreAppointed,
    CentreRegistered,
    GrantApproved,
    MachinesDonated,
)
from services.dialysis.models import Centre, Donation, Grant
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import CentreIn
from shared.kernel.dates import ensure_happened
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.web.auth import Principal


async def _centre(uow: DialysisUnitOfWork, centre_id: str) -> Centre:
    centre = await uow.centres.get(centre_id)
    if centre is None:
        raise NotFound(msg("Centre {centre_id} not found", centre_id=centre_id))
    return centre


async def list_centres(
    uow: DialysisUnitOfWork, *, principal: Principal, after: str | None = None, limit: int = 50
) -> Sequence[Centre]:
    """Centres with their kind, capacity and panel validity, by id."""
    access.ensure_may_list_centres(principal)
    return await uow.centres.page(after, limit)


async def register_centre(
    uow: DialysisUnitOfWork, *, principal: Principal, body: CentreIn
) -> Centre:
    """Register a dialysis centre (officers)."""
    access.ensure_officer(principal)
    async with uow:
        if await uow.centres.get(body.id) is not None:
            raise Conflict(msg("Centre {id} already exists", id=body.id))
        centre = Centre(
            id=body.id,
            name=body.name,
            kind=body.kind.value,
            state=body.state,
            machines=body.machines,
            shifts_per_day=body.shifts_per_day,
            panel_valid_from=None,
            panel_valid_until=None,
            registered_at=uow.now(),
        )
        uow.centres.add(centre)
        uow.record(CentreRegistered(centre_id=centre.id, kind=centre.kind))
        await uow.commit()
        return centre


async def appoint_panel_centre(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    centre_id: str,
    valid_from: date,
    valid_until: date | None,
) -> Centre:
    """Appoint a private centre to PERKESO's panel for a period (officers)."""
    access.ensure_officer(principal)
    if valid_until is not None and valid_until < valid_from:
        raise RuleViolated(
            msg("The appointment ends before it begins"),
            violations=[Violation(field="valid_until", message=msg("before valid_from"))],
        )
    async with uow:
        centre = await _centre(uow, centre_id)
        if centre.kind not in (CentreKind.PANEL.value, CentreKind.NON_PANEL_PRIVATE.value):
            raise RuleViolated(
                msg("Only private centres join the panel"),
                violations=[
                    Violation(
                        field="centre_id",
                        message=msg(
                            "a {kind} centre is not appointed to the panel", kind=centre.kind
                        ),
                    )
                ],
            )
        centre.kind = CentreKind.PANEL.value
        centre.panel_valid_from, centre.panel_valid_until = valid_from, valid_until
        uow.record(CentreAppointed(centre_id=centre.id, valid_from=valid_from))
        await uow.commit()
        return centre


async def donate_machines(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    centre_id: str,
    machines: int,
    approved_on: date,
) -> Donation:
    """Machines go to NGO or charitable centres only (officers)."""
    access.ensure_officer(principal)
    ensure_happened({"approved_on": approved_on}, now=uow.now())
    async with uow:
        centre = await _centre(uow, centre_id)
        if CentreKind(centre.kind) not in MAY_RECEIVE_MACHINES:
            raise RuleViolated(
                msg("Machines are donated to NGO or charitable centres only"),
                violations=[
                    Violation(
                        field="centre_id",
                        message=msg(
                            "a {kind} centre cannot receive donated machines", kind=centre.kind
                        ),
                        code="donation-ngo-only",
                    )
                ],
            )
        donation = Donation(
            id=str(uuid.uuid4()),
            centre_id=centre.id,
            machines=machines,
            approved_by=uow.actor,
            approved_on=approved_on,
        )
        centre.machines += machines
        uow.centres.add_donation(donation)
        uow.record(MachinesDonated(donation_id=donation.id, centre_id=centre.id, machines=machines))
        await uow.commit()
        return donation


async def approve_grant(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    centre_id: str,
    amount: Decimal,
    reason: str,
    approved_on: date,
) -> Grant:
    """A financial grant to a centre in need (officers)."""
    access.ensure_officer(principal)
    ensure_happened({"approved_on": approved_on}, now=uow.now())
    async with uow:
        await _centre(uow, centre_id)
        grant = Grant(
            id=str(uuid.uuid4()),
            centre_id=centre_id,
            amount=amount,
            reason=reason,
            approved_by=uow.actor,
            approved_on=approved_on,
        )
        uow.centres.add_grant(grant)
        uow.record(GrantApproved(grant_id=grant.id, centre_id=centre_id, amount=amount))
        await uow.commit()
        return grant
