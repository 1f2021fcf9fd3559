"""The rate card (data/rate_card.toml) and the limits on support items."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class RateCard:
    effective_from: date
    haemodialysis_session: Decimal
    capd_month: Decimal
    epo_injection: Decimal
    immunosuppressant_month: Decimal
    av_fistula_procedure: Decimal


@dataclass(frozen=True)
class Limits:
    haemodialysis_sessions_per_week: int
    epo_injections_per_month: int
    immunosuppressant_claims_per_month: int
    av_fistula_procedures_per_year: int
    approval_months: int


@cache
def _raw() -> dict[str, object]:
    return tomllib.loads((DATA / "rate_card.toml").read_text(encoding="utf-8"))


@cache
def cards() -> tuple[RateCard, ...]:
    found = [
        RateCard(
            effective_from=date.fromisoformat(c["from"]),
            haemodialysis_session=Decimal(c["haemodialysis_session"]),
            capd_month=Decimal(c["capd_month"]),
            epo_injection=Decimal(c["epo_injection"]),
            immunosuppressant_month=Decimal(c["immunosuppressant_month"]),
            av_fistula_procedure=Decimal(c["av_fistula_procedure"]),
        )
        for c in _raw()["card"]  # type: ignore[attr-defined]
    ]
    return tuple(sorted(found, key=lambda c: c.effective_from))


def card_on(day: date) -> RateCard:
    """The card in force for a service given on `day`."""
    in_force = [c for c in cards() if c.effective_from <= day]
    if not in_force:
        raise ValueError(f"no rate card covers {day.isoformat()}")
    return in_force[-1]


@cache
def limits() -> Limits:
    raw = _raw()["limits"]
    return Limits(**raw)  # type: ignore[arg-type]
