"""Contribution months, "YYYY-MM": contributions for July 2017 are due by 15 August 2017
(reference/contribution-payment-steps.txt), so a month knows the one that follows it."""

from __future__ import annotations

from datetime import date

import pytest

from services.contribution.domain.months import ContributionMonth


def test_a_month_is_parsed_from_its_text_and_printed_back() -> None:
    assert ContributionMonth.parse("2025-07") == ContributionMonth(2025, 7)
    assert str(ContributionMonth(2025, 7)) == "2025-07"
    assert str(ContributionMonth(987, 1)) == "0987-01"


def test_the_month_of_a_day() -> None:
    assert ContributionMonth.of(date(2025, 12, 31)) == ContributionMonth(2025, 12)


def test_the_first_day_of_a_month() -> None:
    assert ContributionMonth(2024, 2).first_day == date(2024, 2, 1)


@pytest.mark.parametrize(
    ("month", "following"),
    [
        (ContributionMonth(2017, 7), ContributionMonth(2017, 8)),
        (ContributionMonth(2025, 11), ContributionMonth(2025, 12)),
        (ContributionMonth(2025, 12), ContributionMonth(2026, 1)),
    ],
)
def test_the_following_month(month: ContributionMonth, following: ContributionMonth) -> None:
    assert month.next() == following


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, ContributionMonth(2025, 3)),
        (9, ContributionMonth(2025, 12)),
        (10, ContributionMonth(2026, 1)),
        (11, ContributionMonth(2026, 2)),
        (-2, ContributionMonth(2025, 1)),
        (-3, ContributionMonth(2024, 12)),
    ],
)
def test_months_later_or_earlier(months: int, expected: ContributionMonth) -> None:
    assert ContributionMonth(2025, 3).plus(months) == expected


def test_months_are_ordered_by_year_then_month() -> None:
    assert ContributionMonth(2024, 12) < ContributionMonth(2025, 1) < ContributionMonth(2025, 2)
