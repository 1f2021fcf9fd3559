"""A day asked about ahead (a what-if) is today or later, today being Malaysia's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shared.kernel.dates import ensure_today_or_later
from shared.kernel.errors import RuleViolated

# 17:30 UTC on 31 August is 01:30 on 1 September in Malaysia.
NOW = datetime(2025, 8, 31, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize("day", [date(2025, 9, 1), date(2025, 9, 2), date(2100, 12, 31)])
def test_today_in_malaysia_or_later_is_accepted(day: date) -> None:
    ensure_today_or_later("pay_on", day, now=NOW)


def test_yesterday_in_malaysia_is_422_naming_the_field_though_it_is_today_in_utc() -> None:
    with pytest.raises(RuleViolated) as refused:
        ensure_today_or_later("pay_on", date(2025, 8, 31), now=NOW)
    [violation] = refused.value.violations
    assert (violation.field, violation.code) == ("pay_on", "in-the-past")
