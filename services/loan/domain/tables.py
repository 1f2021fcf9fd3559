"""The reference's tables as data: loan tenure and guarantor age limit by amount, and the policy figures."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from shared.kernel.i18n import msg

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class AmountBand:
    amount_from: Decimal
    amount_to: Decimal | None
    value: int
    extra: int
    line: int

    def covers(self, amount: Decimal) -> bool:
        return self.amount_from <= amount and (self.amount_to is None or amount <= self.amount_to)


def _read(name: str, value: str, extra: str | None = None) -> tuple[AmountBand, ...]:
    rows = []
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        lines = [(n, text) for n, text in enumerate(handle, start=1) if not text.startswith("#")]
        reader = csv.DictReader(text for _, text in lines)
        for (line, _), row in zip(lines[1:], reader, strict=True):
            rows.append(
                AmountBand(
                    amount_from=Decimal(row["amount_from"]),
                    amount_to=Decimal(row["amount_to"]) if row["amount_to"] else None,
                    value=int(row[value]),
                    extra=int(row[extra]) if extra else 0,
                    line=line,
                )
            )
    return tuple(rows)


@cache
def tenure_bands() -> tuple[AmountBand, ...]:
    return _read("tenure.csv", "tenure_years", "tenure_extra_months")


@cache
def guarantor_age_bands() -> tuple[AmountBand, ...]:
    return _read("guarantor_age.csv", "max_age")


class OutsideTheTables(ValueError):
    """No band covers the amount (below the RM1,000 minimum)."""


def band_for(bands: tuple[AmountBand, ...], amount: Decimal) -> AmountBand:
    for band in bands:
        if band.covers(amount):
            return band
    raise OutsideTheTables(msg("no band covers RM{amount}", amount=amount))


def tenure_months(amount: Decimal) -> int:
    """ "Education loan payback period is based on the amount disbursed" (the tenure schedule)."""
    band = band_for(tenure_bands(), amount)
    return band.value * 12 + band.extra


def guarantor_max_age(amount: Decimal) -> int:
    return band_for(guarantor_age_bands(), amount).value


@cache
def policy() -> dict[str, Any]:
    return tomllib.loads((DATA / "policy.toml").read_text(encoding="utf-8"))


@cache
def scholarship_conditions() -> dict[str, Any]:
    return tomllib.loads((DATA / "scholarship.toml").read_text(encoding="utf-8"))


def money(key: str, section: dict[str, Any] | None = None) -> Decimal:
    return Decimal((section or policy())[key])
