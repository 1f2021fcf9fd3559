"""Bills from panel centres and reimbursement claims from patients, priced from the rate card.

A panel centre bills approved sessions (the patient pays nothing): each date inside the approval,
never billed twice. A patient treated at a non-panel centre or a government hospital claims what they
paid, capped per session by the rate card; any refused part carries its reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.dialysis.domain.rates import card_on, limits
from shared.kernel.money import ZERO


class SupportKind(StrEnum):
    """The support items subsidised beside the sessions."""

    EPO = "epo"
    IMMUNOSUPPRESSANT = "immunosuppressant"
    AV_FISTULA = "av_fistula"


class Refusal(StrEnum):
    """Why a session is not paid in full; the reason's words are for people, this is for code."""

    OUTSIDE_APPROVAL = "outside-approval"
    ALREADY_BILLED = "already-billed"
    WEEKLY_LIMIT = "weekly-limit"
    ABOVE_RATE_CARD = "above-rate-card"


@dataclass(frozen=True)
class PricedItem:
    service_date: date
    claimed: Decimal
    approved: Decimal
    refused_reason: str | None
    refusal: Refusal | None = None

    @property
    def refused(self) -> Decimal:
        return self.claimed - self.approved


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def price_sessions(
    *,
    dates: list[date],
    approved_from: date,
    approved_until: date,
    already_billed: set[date],
    claimed: list[Decimal] | None = None,
) -> list[PricedItem]:
    """Price haemodialysis sessions: inside the approval, once each, at most N a week, capped by the card."""
    per_week = limits().haemodialysis_sessions_per_week
    week_counts: Counter[tuple[int, int]] = Counter(_iso_week(d) for d in already_billed)
    seen: set[date] = set()
    items: list[PricedItem] = []
    for index, day in enumerate(dates):
        rate = card_on(day).haemodialysis_session
        asked = claimed[index] if claimed is not None else rate
        reason: str | None = None
        refusal: Refusal | None = None
        if not approved_from <= day <= approved_until:
            refusal = Refusal.OUTSIDE_APPROVAL
            reason = f"{day.isoformat()} is outside the approval ({approved_from.isoformat()} to {approved_until.isoformat()})"
        elif day in already_billed or day in seen:
            refusal = Refusal.ALREADY_BILLED
            reason = f"the session of {day.isoformat()} was already billed"
        elif week_counts[_iso_week(day)] >= per_week:
            refusal = Refusal.WEEKLY_LIMIT
            reason = f"more than {per_week} sessions in the week of {day.isoformat()}"
        if reason is not None:
            items.append(PricedItem(day, asked, ZERO, reason, refusal))
            continue
        seen.add(day)
        week_counts[_iso_week(day)] += 1
        approved = min(asked, rate)
        cap_reason = (
            f"RM{asked - approved} above the rate card's RM{rate} a session"
            if approved < asked
            else None
        )
        items.append(
            PricedItem(
                day, asked, approved, cap_reason, Refusal.ABOVE_RATE_CARD if cap_reason else None
            )
        )
    return items


def price_capd_months(
    *,
    dates: list[date],
    approved_from: date,
    approved_until: date,
    already_billed: set[date],
    claimed: list[Decimal] | None = None,
) -> list[PricedItem]:
    """Price CAPD by the month, at the rate card's monthly rate: a month inside the approval, once.

    CAPD is done at home every day, so a centre bills (and a patient claims) a month of it; a date
    stands for its month. Never at haemodialysis' session rate.
    """
    billed_months = {(d.year, d.month) for d in already_billed}
    items: list[PricedItem] = []
    for index, day in enumerate(dates):
        rate = card_on(day).capd_month
        asked = claimed[index] if claimed is not None else rate
        month = (day.year, day.month)
        if not approved_from.replace(day=1) <= day <= approved_until:
            items.append(
                PricedItem(
                    day,
                    asked,
                    ZERO,
                    f"{day:%B %Y} is outside the approval ({approved_from.isoformat()} to {approved_until.isoformat()})",
                    Refusal.OUTSIDE_APPROVAL,
                )
            )
            continue
        if month in billed_months:
            items.append(
                PricedItem(
                    day,
                    asked,
                    ZERO,
                    f"CAPD for {day:%B %Y} was already billed",
                    Refusal.ALREADY_BILLED,
                )
            )
            continue
        billed_months.add(month)
        approved = min(asked, rate)
        reason = (
            f"RM{asked - approved} above the rate card's RM{rate} a month of CAPD"
            if approved < asked
            else None
        )
        items.append(
            PricedItem(day, asked, approved, reason, Refusal.ABOVE_RATE_CARD if reason else None)
        )
    return items


def price_treatment(modality: str, **kwargs: Any) -> list[PricedItem]:
    """Sessions of haemodialysis, or months of CAPD, as the treatment's modality is."""
    return price_capd_months(**kwargs) if modality == "capd" else price_sessions(**kwargs)


@dataclass(frozen=True)
class SupportDecision:
    approved: Decimal
    refused_reason: str | None


def price_support_item(
    *,
    kind: str,
    service_date: date,
    quantity: int,
    claimed: Decimal,
    used_in_period: int,
    transplant_date: date | None = None,
) -> SupportDecision:
    """EPO per injection (N a month), immunosuppressants after a transplant (once a month), AV fistula (N a year)."""
    card = card_on(service_date)
    rules = limits()
    if kind == SupportKind.EPO:
        allowed = max(0, rules.epo_injections_per_month - used_in_period)
        counted = min(quantity, allowed)
        cap = card.epo_injection * counted
        reason = (
            None
            if counted == quantity
            else f"only {rules.epo_injections_per_month} EPO injections a month are subsidised"
        )
    elif kind == SupportKind.IMMUNOSUPPRESSANT:
        if transplant_date is None or transplant_date > service_date:
            return SupportDecision(
                ZERO, "immunosuppressants are subsidised after a kidney transplant: give its date"
            )
        if used_in_period >= rules.immunosuppressant_claims_per_month:
            return SupportDecision(ZERO, "one immunosuppressant claim a month")
        cap = card.immunosuppressant_month
        reason = None
    elif kind == SupportKind.AV_FISTULA:
        if used_in_period + quantity > rules.av_fistula_procedures_per_year:
            return SupportDecision(
                ZERO, f"at most {rules.av_fistula_procedures_per_year} AV fistula procedures a year"
            )
        cap = card.av_fistula_procedure * quantity
        reason = None
    else:
        raise ValueError(f"unknown support item {kind!r}")
    approved = min(claimed, cap)
    if approved < claimed and reason is None:
        reason = f"RM{claimed - approved} above the rate card's limit of RM{cap}"
    return SupportDecision(approved, reason)
