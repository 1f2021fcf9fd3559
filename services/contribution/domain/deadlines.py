"""A submission's payment deadline, in Malaysian calendar days (pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def submission_overdue(*, due_date: date, today: date, outstanding: Decimal, voided: bool) -> bool:
    """Overdue from the day after its due date while contributions are still outstanding; a
    voided submission owes nothing."""
    return not voided and outstanding > 0 and today > due_date
