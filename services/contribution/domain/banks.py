"""The banks appointed to collect contributions (data/appointed_banks.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from services.contribution.domain.schedules import DATA

CHANNELS_ALL = ("FPX", "DDA", "INTERNET_BANKING")


@dataclass(frozen=True)
class Bank:
    code: str
    name: str
    internet_banking_service: str
    channels: tuple[str, ...]


@cache
def appointed_banks() -> tuple[Bank, ...]:
    with (DATA / "appointed_banks.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            Bank(
                code=row["code"],
                name=row["name"],
                internet_banking_service=row["internet_banking_service"],
                channels=CHANNELS_ALL + (("BANK_COUNTER",) if row["bank_counter"] == "yes" else ()),
            )
            for row in csv.DictReader(handle)
        )


def bank_by_code(code: str) -> Bank | None:
    return next((b for b in appointed_banks() if b.code == code), None)
