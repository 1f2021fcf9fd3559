"""The shipped tables read anew: a fixture the tests that pin the loaders import (a module, not a
conftest, so the mutation runs, which load no conftest, have it too)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.contribution.domain import banks, calculator, due_dates, schedules, self_employed

CACHED_LOADERS = (
    schedules._effective,
    schedules.schedules,
    schedules.ceilings,
    schedules.schedule_in_force,
    schedules.ceiling_for,
    calculator.calculate,
    banks.appointed_banks,
    due_dates._regimes,
    due_dates._holidays,
    self_employed.act789_plans,
)


def _clear() -> None:
    for loader in CACHED_LOADERS:
        loader.cache_clear()


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    """The shipped tables read anew, so the test exercises the loaders and not a cached answer."""
    _clear()
    yield
    _clear()
