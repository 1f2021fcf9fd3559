"""Small builders with random identities, so tests never depend on each other's data."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any


def random_ic(*, born: date | None = None, age: int | None = None, on: date | None = None) -> str:
    """A well-formed 12-digit IC for someone born on `born`, or `age` years old on `on`."""
    if born is None:
        reference = on or date(2025, 8, 1)
        years = age if age is not None else random.randint(20, 50)
        born = reference.replace(year=reference.year - years) - timedelta(
            days=random.randint(1, 300)
        )
    place = random.choice(["01", "08", "10", "14", "12", "13"])
    return f"{born:%y%m%d}{place}{random.randint(0, 9999):04d}"


def random_socso_number() -> str:
    """A foreign worker's SOCSO number in this platform's form: a letter, then 11 characters."""
    return "F" + "".join(random.choices("0123456789", k=11))


def random_employer_code() -> str:
    return "E" + "".join(random.choices("0123456789", k=7))


def random_txn_id() -> str:
    return "TXN" + uuid.uuid4().hex[:20].upper()


def distinct_ics(n: int, **random_ic_arguments: Any) -> list[str]:
    """`n` different random ICs (a few thousand random ones would repeat one: the birthday
    problem), sorted."""
    people: set[str] = set()
    while len(people) < n:
        people.add(random_ic(**random_ic_arguments))
    return sorted(people)
