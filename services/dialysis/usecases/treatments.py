"""Treatments: requested for ESRF, approved for a period or refused (appealable)."""

from __future__ import annotations

import uuid
from datetime import date

from services.dialysis import access
from services.dialysis.domain.rates import limits
from services.dialysis.domain.treatment import (
    TreatmentStatus,
    approval_period,
    check_request,
    treatment_decided,
)
from services.dialysis.events import TreatmentApproved, TreatmentRefused, TreatmentRequested
from services.dialysis.models import Treatment, WelfareNote
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import TreatmentIn
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, RuleCheck, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.ic import mask_ic
from shared.web.auth import Principal, Role


async def load(uow: DialysisUnitOfWork, principal: Principal, treatment_id: str) -> Treatment:
    """The treatment if the caller may see it (another patient's or centre's: 404)."""
    treatment = await uow.treatments.get(treatment_id)
    return access.ensure_may_see_treatment(principal, treatment, treatment_id)


async def request_treatment(
    uow: DialysisUnitOfWork, *, principal: Principal, body: TreatmentIn
) -> Treatment:
    """A treatment request by the member, a centre or an officer; refused when not insured, unless overridden."""
    access.ensure_may_request_treatment(principal, ic=body.ic, centre_id=body.centre_id)
    async with uow:
        if await uow.centres.get(body.centre_id) is None:
            raise RuleViolated(
                msg("Unknown centre"),
                violations=[Violation(field="centre_id", message=msg("no such centre"))],
            )
        check = RuleCheck()
        check_request(
            check,
            diagnosis=body.diagnosis,
            insured=await uow.insured.get(uow.person_key(body.ic)) is not None,
            override_reason=body.override_reason,
            by_officer=principal.role is Role.OFFICER,
        )
        check.raise_if_failed("The treatment request cannot be accepted")
        active = await uow.treatments.active_of(body.ic)
        if active is not None:
            visible = access.may_see_treatment(principal, active)
            raise Conflict(
                msg("This person already has an active treatment"),
                extra={"treatment_id": active.id if visible else None},
            )
        treatment = Treatment(
            id=str(uuid.uuid4()),
            ic=body.ic,
            centre_id=body.centre_id,
            diagnosis="ESRF",
            modality=body.modality.value,
            status=TreatmentStatus.REQUESTED.value,
            active_key=body.ic,
            override_reason=body.override_reason,
            requested_by=uow.actor,
            requested_at=uow.now(),
        )
        uow.treatments.add(treatment)
        uow.record(
            TreatmentRequested(
                treatment_id=treatment.id,
                centre_id=treatment.centre_id,
                overridden=body.override_reason is not None,
            )
        )
        await uow.commit()
        return treatment


async def decide_treatment(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    treatment_id: str,
    approve: bool,
    starts_on: date | None,
    reason: str | None,
) -> Treatment:
    """Approve (dialysis.treatment.approved) or refuse (dialysis.treatment.refused, appealable)."""
    access.ensure_officer(principal)
    async with uow:
        treatment = await load(uow, principal, treatment_id)
        decided = treatment_decided(TreatmentStatus(treatment.status), approve=approve)
        treatment.decided_at = uow.now()
        if approve:
            start = starts_on or malaysia_date(uow.now())
            approved_from, approved_until = approval_period(start, limits().approval_months)
            treatment.approved_from, treatment.approved_until = approved_from, approved_until
            uow.record(
                TreatmentApproved(
                    treatment_id=treatment.id,
                    centre_id=treatment.centre_id,
                    modality=treatment.modality,
                    approved_from=approved_from,
                    approved_until=approved_until,
                )
            )
        else:
            if not reason:
                raise RuleViolated(
                    msg("A refusal needs its reason"),
                    violations=[Violation(field="reason", message=msg("required when refusing"))],
                )
            treatment.active_key = None
            treatment.refusal_reason = reason
            # The appeals service links an appeal by the person's key. The officer's reason stays
            # here (it may be medical); the event says only what was decided.
            uow.record(
                TreatmentRefused(
                    treatment_id=treatment.id,
                    person_key=uow.person_key(treatment.ic),
                    ic_masked=mask_ic(treatment.ic),
                    reason="the request for dialysis treatment was refused",
                    decided_on=malaysia_date(uow.now()),
                )
            )
        treatment.status = decided.value
        await uow.commit()
        return treatment


async def write_welfare_note(
    uow: DialysisUnitOfWork, *, principal: Principal, ic: str, note: str
) -> WelfareNote:
    """An officer's note on a patient's welfare."""
    access.ensure_officer(principal)
    async with uow:
        record = WelfareNote(
            id=str(uuid.uuid4()), ic=ic, note=note, officer=uow.actor, written_at=uow.now()
        )
        uow.welfare_notes.add(record)
        await uow.commit()
        return record
