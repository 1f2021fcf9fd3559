"""The insured-status consumer asks per chunk of people, never per person: an employer of 20,000
sends them in one submission (it ran a query or two per person, and fell minutes behind)."""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.events import Envelope
from tests.support.builders import distinct_ics
from tests.support.people import person_key
from tests.support.services import RunningService, consumers_paused
from tests.support.sql_statements import own_queries, statements_run


def accepted(people: list[str], month: str, reference: str) -> Envelope:
    return Envelope(
        type="contribution.submission.accepted",
        source="contribution",
        subject=reference,
        occurred_at=datetime(2025, 7, 2, tzinfo=MALAYSIA_TIME),
        actor="acme",
        correlation_id="t",
        data={
            "reference": reference,
            "employer_code": "E1000001",
            "month": month,
            "insured": [
                {"person_key": person_key(ic), "category": "first", "eis": True} for ic in people
            ],
        },
    )


async def statements_for(dialysis: RunningService, people: list[str]) -> int:
    consumer = next(c for c in dialysis.runtime.consumers if c.spec.stream == "CONTRIBUTION")
    june = accepted(people, "2025-06", f"REF-{uuid.uuid4().hex[:8]}")
    july = accepted(people, "2025-07", f"REF-{uuid.uuid4().hex[:8]}")
    async with consumers_paused(dialysis):  # the test hands the consumer its events itself
        assert await consumer.handle(june) == "handled"  # new people
        with statements_run(dialysis.runtime.engine) as seen:
            assert await consumer.handle(july) == "handled"  # the same people again
    return len(own_queries(seen))


async def test_a_submission_of_thousands_is_a_few_queries_not_one_per_person(
    dialysis: RunningService,
) -> None:
    small = await statements_for(dialysis, distinct_ics(20, age=40))
    large = await statements_for(dialysis, distinct_ics(2000, age=40))
    # Each lookup is one statement per 900 people (3 for 2,000): a handful more, never 2,000.
    assert large <= small + 8, (small, large)
