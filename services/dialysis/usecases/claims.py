"""Patients' claims: reimbursement of sessions elsewhere, and support items, each capped by the
rate card; what is refused is an appealable decision."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.dialysis import access
from services.dialysis.domain import lifecycle
from services.dialysis.domain.billing import PricedItem, price_support_item, price_treatment
from services.dialysis.domain.centres import REIMBURSED_TO_PATIENT, CentreKind
from services.dialysis.domain.lifecycle import ClaimStatus
from services.dialysis.events import ClaimPaid, ClaimRefused, ClaimSubmitted
from services.dialysis.models import BilledSession, Claim, Treatment
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.schemas import ReimbursementIn, SupportClaimIn
from services.dialysis.usecases.bills import approved_period
from services.dialysis.usecases.treatments import load as load_treatment
from shared.kernel.clock import malaysia_date
from shared.kernel.dates import ensure_happened
from shared.kernel.errors import NotFound, RuleCheck, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.ic import mask_ic
from shared.kernel.money import ZERO
from shared.web.auth import Principal


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with the sessions it was paid for (a reimbursement's; none for a support item)."""

    claim: Claim
    sessions: Sequence[BilledSession] = ()


async def list_claims(
    uow: DialysisUnitOfWork,
    *,
    principal: Principal,
    status: str | None,
    after: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> list[ClaimRecord]:
    """A member's own claims; all for officers and dashboards; each with its sessions; newest
    first."""
    found = await uow.claims.newest(
        ic=access.own_patient(principal), status=status, after=after, limit=limit
    )
    sessions = await uow.bills.sessions_of_claims([c.id for c in found])
    return [ClaimRecord(c, sessions[c.id]) for c in found]


async def get_claim(uow: DialysisUnitOfWork, *, principal: Principal, claim_id: str) -> ClaimRecord:
    """One claim: a member's own (another's: 404, as if it did not exist); any for staff."""
    owner = access.own_patient(principal)
    claim = await uow.claims.get(claim_id)
    if claim is None or (owner is not None and claim.ic != owner):
        raise NotFound(msg("Claim {claim_id} not found", claim_id=claim_id))
    sessions = await uow.bills.sessions_of_claims([claim.id])
    return ClaimRecord(claim, sessions[claim.id])


def _record_claim(
    uow: DialysisUnitOfWork,
    treatment: Treatment,
    *,
    kind: str,
    service_date: date,
    quantity: int,
    claimed: Decimal,
    approved: Decimal,
    reasons: list[str],
) -> Claim:
    claim = Claim(
        id=str(uuid.uuid4()),
        treatment_id=treatment.id,
        ic=treatment.ic,
        kind=kind,
        service_date=service_date,
        quantity=quantity,
        claimed=claimed,
        approved=approved,
        refused=claimed - approved,
        reasons=reasons,
        status=lifecycle.claim_priced(approved > 0).value,
        submitted_at=uow.now(),
    )
    uow.claims.add(claim)
    uow.record(
        ClaimSubmitted(claim_id=claim.id, kind=kind, approved=approved, refused=claim.refused)
    )
    if claim.refused > 0:
        uow.record(
            ClaimRefused(
                claim_id=claim.id,
                person_key=uow.person_key(treatment.ic),
                ic_masked=mask_ic(treatment.ic),
                kind=kind,
                refused=claim.refused,
                reason="; ".join(reasons),
                decided_on=malaysia_date(uow.now()),
            )
        )
    return claim


async def claim_reimbursement(
    uow: DialysisUnitOfWork, *, principal: Principal, body: ReimbursementIn
) -> tuple[Claim, list[PricedItem]]:
    """A patient's claim for sessions at a non-panel centre or government hospital, capped by the rate card."""
    access.ensure_may_claim_reimbursement(principal)
    ensure_happened(
        {f"sessions[{i}].session_date": s.session_date for i, s in enumerate(body.sessions)},
        now=uow.now(),
    )
    async with uow:
        treatment = await load_treatment(uow, principal, body.treatment_id)
        start, end = approved_period(treatment)
        check = RuleCheck()
        for index, item in enumerate(body.sessions):
            centre = await uow.centres.get(item.centre_id)
            check.require(
                centre is not None and CentreKind(centre.kind) in REIMBURSED_TO_PATIENT,
                "not-reimbursable-centre",
                msg("reimbursed only for non-panel centres and government hospitals"),
                field=f"sessions[{index}].centre_id",
            )
        check.raise_if_failed("The claim cannot be accepted")
        items = price_treatment(
            treatment.modality,
            dates=[s.session_date for s in body.sessions],
            approved_from=start,
            approved_until=end,
            already_billed=await uow.bills.billed_dates(treatment.id),
            claimed=[s.amount_paid for s in body.sessions],
        )
        claim = _record_claim(
            uow,
            treatment,
            kind="reimbursement",
            service_date=min(i.service_date for i in items),
            quantity=len(items),
            claimed=sum((i.claimed for i in items), ZERO),
            approved=sum((i.approved for i in items), ZERO),
            reasons=[i.refused_reason for i in items if i.refused_reason],
        )
        uow.bills.add_sessions(
            [
                BilledSession(
                    treatment_id=treatment.id,
                    session_date=i.service_date,
                    claim_id=claim.id,
                    amount=i.approved,
                )
                for i in items
                if i.approved > 0
            ]
        )
        await uow.commit()
        return claim, items


def _limit_period(kind: str, day: date) -> tuple[date, date]:
    """The days a support item's limit counts over: the year for AV fistula, else the month."""
    if kind == "av_fistula":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


async def claim_support_item(
    uow: DialysisUnitOfWork, *, principal: Principal, body: SupportClaimIn
) -> Claim:
    """EPO, immunosuppressants after a transplant, AV fistula: each against an approved treatment with its own limit."""
    access.ensure_may_claim_support(principal)
    ensure_happened(
        {"service_date": body.service_date, "transplant_date": body.transplant_date},
        now=uow.now(),
    )
    async with uow:
        treatment = await load_treatment(uow, principal, body.treatment_id)
        start, end = approved_period(treatment)
        if not start <= body.service_date <= end:
            raise RuleViolated(
                msg("Outside the approval"),
                violations=[
                    Violation(
                        field="service_date", message=msg("outside the approved treatment period")
                    )
                ],
            )
        first, last = _limit_period(body.kind, body.service_date)
        decision = price_support_item(
            kind=body.kind,
            service_date=body.service_date,
            quantity=body.quantity,
            claimed=body.amount,
            used_in_period=await uow.claims.quantity_approved(treatment.id, body.kind, first, last),
            transplant_date=body.transplant_date,
        )
        claim = _record_claim(
            uow,
            treatment,
            kind=body.kind,
            service_date=body.service_date,
            quantity=body.quantity,
            claimed=body.amount,
            approved=decision.approved,
            reasons=[decision.refused_reason] if decision.refused_reason else [],
        )
        await uow.commit()
        return claim


async def pay_claim(uow: DialysisUnitOfWork, *, principal: Principal, claim_id: str) -> Claim:
    """Pay an approved claim (officers): dialysis.claim.paid."""
    access.ensure_officer(principal)
    async with uow:
        claim = await uow.claims.get(claim_id)
        if claim is None:
            raise NotFound(msg("Claim {claim_id} not found", claim_id=claim_id))
        claim.status = lifecycle.claim_paid(ClaimStatus(claim.status)).value
        claim.paid_at = uow.now()
        # What is left to pay: all of it, or what an allowed appeal approved since.
        amount = claim.approved - claim.paid_amount
        claim.paid_amount = claim.approved
        uow.record(
            ClaimPaid(
                claim_id=claim.id,
                kind=claim.kind,
                amount=amount,
                person_key=uow.person_key(claim.ic),
                ic_masked=mask_ic(claim.ic),
            )
        )
        await uow.commit()
        return claim
