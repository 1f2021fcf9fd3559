"""Contribution months ("YYYY-MM")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class ContributionMonth:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> ContributionMonth:
        match = _MONTH.match(text)
        if not match:
            raise ValueError(f'{text!r} is not a month "YYYY-MM"')
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> ContributionMonth:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> ContributionMonth:
        return ContributionMonth(self.year + self.month // 12, self.month % 12 + 1)

    def plus(self, months: int) -> ContributionMonth:
        index = self.year * 12 + (self.month - 1) + months
        return ContributionMonth(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
