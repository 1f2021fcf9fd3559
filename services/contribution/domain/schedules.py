"""The official schedules as data: Act 4 Third Schedule, Act 800 Second Schedule, SKBBK, with effective months.

A band row applies when `wage_from_exclusive < wage <= wage_to_inclusive` ("exceeding X, not exceeding Y").
"""

from __future__ import annotations

import csv
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from services.contribution.domain.months import ContributionMonth
from shared.kernel.i18n import msg

DATA = Path(__file__).resolve().parent.parent / "data"


class NoScheduleInForce(ValueError):
    """No shipped table covers the contribution month."""


@dataclass(frozen=True)
class BandRow:
    above: Decimal
    up_to: Decimal | None
    amounts: dict[str, Decimal]
    line: int

    def covers(self, wage: Decimal) -> bool:
        return self.above < wage and (self.up_to is None or wage <= self.up_to)


@dataclass(frozen=True)
class Schedule:
    name: str
    file: str
    effective_from: ContributionMonth
    rows: tuple[BandRow, ...]
    _uppers: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Upper bounds in order, for a binary search: a month of 100,000 lines looks up 200,000
        # bands, and a scan of the schedule's rows was most of pricing a line.
        uppers: list[Decimal] = []
        for row, following in zip(self.rows, self.rows[1:], strict=False):
            if row.up_to is None or following.above != row.up_to:
                raise ValueError(
                    f"{self.file} line {following.line} does not follow line {row.line}"
                )
            uppers.append(row.up_to)
        object.__setattr__(self, "_uppers", tuple(uppers))

    def band(self, wage: Decimal) -> BandRow:
        row = self.rows[bisect_left(self._uppers, wage)] if self.rows else None
        if row is None or not row.covers(wage):
            raise ValueError(f"no band of {self.file} covers a wage of {wage}")
        return row


@dataclass(frozen=True)
class Ceiling:
    effective_from: ContributionMonth
    amount: Decimal
    note: str


def _read_rows(file: str) -> tuple[BandRow, ...]:
    rows = []
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            above = Decimal(raw.pop("wage_from_exclusive"))
            upper = raw.pop("wage_to_inclusive")
            rows.append(
                BandRow(
                    above=above,
                    up_to=Decimal(upper) if upper else None,
                    amounts={k: Decimal(v) for k, v in raw.items()},
                    line=line,
                )
            )
    return tuple(rows)


@cache
def _effective() -> dict[str, object]:
    return tomllib.loads((DATA / "effective.toml").read_text(encoding="utf-8"))


@cache
def schedules() -> dict[str, tuple[Schedule, ...]]:
    """Every shipped schedule by name, oldest first."""
    found: dict[str, list[Schedule]] = {}
    for entry in _effective()["table"]:  # type: ignore[attr-defined]
        schedule = Schedule(
            name=entry["name"],
            file=entry["file"],
            effective_from=ContributionMonth.parse(entry["from"]),
            rows=_read_rows(entry["file"]),
        )
        found.setdefault(schedule.name, []).append(schedule)
    return {name: tuple(sorted(s, key=lambda x: x.effective_from)) for name, s in found.items()}


@cache
def ceilings() -> tuple[Ceiling, ...]:
    return tuple(
        sorted(
            (
                Ceiling(ContributionMonth.parse(c["from"]), Decimal(c["amount"]), c["note"])
                for c in _effective()["ceiling"]  # type: ignore[attr-defined]
            ),
            key=lambda c: c.effective_from,
        )
    )


# Cached: pricing asks once per line, and the answer only changes with the month.
@cache
def schedule_in_force(name: str, month: ContributionMonth) -> Schedule | None:
    """The latest schedule of that name in force for the month, or None before its first."""
    in_force = [s for s in schedules()[name] if s.effective_from <= month]
    return in_force[-1] if in_force else None


@cache
def ceiling_for(month: ContributionMonth) -> Ceiling:
    in_force = [c for c in ceilings() if c.effective_from <= month]
    if not in_force:
        raise NoScheduleInForce(
            msg(
                "no contribution schedule is shipped for {month} (before September 2022)",
                month=month,
            )
        )
    return in_force[-1]
