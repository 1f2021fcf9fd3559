"""The banks appointed to collect contributions (data/appointed_banks.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from services.contribution.domain.schedules import DATA
from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import msg


class Channel(StrEnum):
    """How a payment reached the bank."""

    FPX = "FPX"
    DDA = "DDA"
    INTERNET_BANKING = "INTERNET_BANKING"
    BANK_COUNTER = "BANK_COUNTER"


CHANNELS_ALL = (Channel.FPX, Channel.DDA, Channel.INTERNET_BANKING)
BANK_COUNTER = Channel.BANK_COUNTER


@dataclass(frozen=True)
class Bank:
    code: str
    name: str
    internet_banking_service: str
    channels: tuple[str, ...]
    # The first day its counters take contributions (date.min: since before the records), or None.
    counter_from: date | None = None

    def takes_counter_payments_on(self, day: date) -> bool:
        return self.counter_from is not None and day >= self.counter_from


def _counter_from(text: str) -> date | None:
    if not text:
        return None
    return date.min if text == "always" else date.fromisoformat(text)


@cache
def appointed_banks() -> tuple[Bank, ...]:
    with (DATA / "appointed_banks.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(line for line in handle if not line.startswith("#"))]
    return tuple(
        Bank(
            code=row["code"],
            name=row["name"],
            internet_banking_service=row["internet_banking_service"],
            channels=CHANNELS_ALL + ((BANK_COUNTER,) if row["counter_from"] else ()),
            counter_from=_counter_from(row["counter_from"]),
        )
        for row in rows
    )


def bank_by_code(code: str) -> Bank | None:
    return next((b for b in appointed_banks() if b.code == code), None)


def ensure_channel_open(bank_code: str, channel: str, paid_on: date) -> None:
    """A counter payment only at a bank appointed to collect at its counters on that day (422)."""
    if channel != BANK_COUNTER:
        return
    bank = bank_by_code(bank_code)
    if bank is None or not bank.takes_counter_payments_on(paid_on):
        since = (
            msg(" from {day}", day=bank.counter_from.isoformat())
            if bank and bank.counter_from
            else ""
        )
        raise RuleViolated(
            msg("Contributions are paid at the counters of Maybank and of Public Bank only"),
            violations=[
                Violation(
                    field="channel",
                    message=(
                        msg(
                            "{bank_code} does not collect contributions at its counters{since}: Maybank, and Public Bank from 2018-03-01",
                            bank_code=bank_code,
                            since=since,
                        )
                    ),
                    code="not-a-counter-agent",
                )
            ],
        )
