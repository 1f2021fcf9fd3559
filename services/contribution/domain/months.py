"""Contribution months ("YYYY-MM")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property

from shared.kernel.dates import parse_month


@dataclass(frozen=True, order=True)
class ContributionMonth:
    year: int
    month: int

    @classmethod
    @cache  # one object per month (2,412 of them): a 100,000-line file names its month on each line
    def parse(cls, text: str) -> ContributionMonth:
        return cls(*parse_month(text))

    @classmethod
    def of(cls, day: date) -> ContributionMonth:
        return cls(day.year, day.month)

    # Made once per month object: pricing a 100,000-line file asked a million times.
    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def previous(self) -> ContributionMonth:
        return self.plus(-1)

    def next(self) -> ContributionMonth:
        return ContributionMonth(self.year + self.month // 12, self.month % 12 + 1)

    def plus(self, months: int) -> ContributionMonth:
        index = self.year * 12 + (self.month - 1) + months
        return ContributionMonth(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
