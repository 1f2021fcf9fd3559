"""One person across the dialysis service, and the Dialysis Unit's monthly report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.dialysis import access
from services.dialysis.domain.reports import MonthReport, monthly_reports
from services.dialysis.models import InsuredRecord, Treatment, WelfareNote
from services.dialysis.repository import DialysisUnitOfWork
from services.dialysis.usecases.claims import ClaimRecord
from shared.kernel.clock import malaysia_date
from shared.web.auth import Principal


@dataclass(frozen=True)
class PersonDialysis:
    insured: InsuredRecord | None
    treatments: Sequence[Treatment]
    claims: Sequence[ClaimRecord]
    welfare_notes: Sequence[WelfareNote]


async def person_dialysis(
    uow: DialysisUnitOfWork, *, principal: Principal, ic: str
) -> PersonDialysis:
    """Their insured status, treatments and claims; welfare notes for officers only."""
    access.ensure_may_read_person(principal, ic)
    notes = (
        await uow.welfare_notes.of_person(ic) if access.may_read_welfare_notes(principal) else []
    )
    claims = await uow.claims.of_person(ic)
    sessions = await uow.bills.sessions_of_claims([c.id for c in claims])
    return PersonDialysis(
        await uow.insured.get(uow.person_key(ic)),
        await uow.treatments.of_person(ic),
        [ClaimRecord(c, sessions[c.id]) for c in claims],
        notes,
    )


async def monthly_report(
    uow: DialysisUnitOfWork, *, principal: Principal, month: str | None = None
) -> list[MonthReport]:
    """Centres appointed, requests handled, bills paid, donations made, per month (or one month)."""
    access.ensure_staff(principal)
    facts = await uow.reports.facts()
    reports = monthly_reports(
        appointments=facts.appointments,
        decisions=[malaysia_date(d) for d in facts.decisions],
        bills_paid=[(malaysia_date(p), a) for p, a in facts.bills_paid],
        claims_paid=[(malaysia_date(p), a) for p, a in facts.claims_paid],
        donations=facts.donations,
        grants=facts.grants,
    )
    return [r for r in reports if month is None or r.month == month]
