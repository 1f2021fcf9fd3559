"""The national-shaped generator (bench/scale_data.py): its shapes, a tiny set loaded through the
services' own APIs, and the benchmark's main reads answering on it with a bounded number of SQL
statements (the same number for a big subject as for a small one: no N+1)."""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bench.scale_data import AS_OF, Size, generate
from bench.scale_load import Loaded, Target, load
from bench.scale_reads import main_reads
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.schedules import ceiling_for
from shared.kernel.clock import FixedClock
from tests.support import auth
from tests.support.databases import DatabaseFactory
from tests.support.services import RunningService, consumers_paused, running_service
from tests.support.sql_statements import own_queries, statements_run

TINY = Size(employers=6, persons=60, months=3)


def test_the_shapes_are_national_ones() -> None:
    data = generate(Size(500, 10_000, 24))
    sizes = sorted(len(e.staff) for e in data.employers)
    assert sum(sizes) == 10_000
    # Zipf: most employers are small, the largest is far beyond the median.
    assert sizes[-1] >= 100 * statistics.median(sizes)
    assert statistics.median(sizes) <= 10
    people = [p for e in data.employers for p in e.staff]
    assert len({p.ic for p in people}) == len(people)
    ceiling = ceiling_for(data.months[-1]).amount
    above = sum(p.wage > ceiling for p in people) / len(people)
    assert 0.02 < above < 0.15
    kinds = [p.kind for p in data.payments.values()]
    for kind, share in (("exact", 0.7), ("late", 0.04), ("partial", 0.02), ("over", 0.02)):
        assert kinds.count(kind) / len(kinds) > share, kind
    assert sum(data.unmatched.values()) > 0
    assert data.loans > 0
    assert data.treatments
    assert data.appeals
    assert data.months[-1] == ContributionMonth(AS_OF.year, AS_OF.month).previous()


def test_the_same_seed_gives_the_same_data() -> None:
    first, again, other = generate(TINY, 7), generate(TINY, 7), generate(TINY, 8)
    assert first.employers == again.employers
    assert first.payments == again.payments
    assert first.employers != other.employers


@dataclass
class Tiny:
    services: dict[str, RunningService]
    loaded: Loaded


@pytest.fixture
async def tiny(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[Tiny]:
    async with contextlib.AsyncExitStack() as stack:
        services = {
            name: await stack.enter_async_context(
                running_service(
                    name, databases=databases, nats_url=nats_url, clock=FixedClock(AS_OF)
                )
            )
            for name in ("contribution", "loan", "dialysis", "appeals")
        }
        target = Target(
            contribution=services["contribution"].client,
            loan=services["loan"].client,
            dialysis=services["dialysis"].client,
            appeals=services["appeals"].client,
            officer=auth.officer(),
            second_officer=auth.officer("officer-2"),
            bank=lambda _body: auth.bank("MBB"),
        )
        loaded = await load(generate(TINY), target, progress=lambda _line: None)
        yield Tiny(services, loaded)


async def test_a_tiny_set_loads_with_every_kind_of_payment(tiny: Tiny) -> None:
    data, loaded = generate(TINY), tiny.loaded
    assert loaded.lines == data.lines
    assert loaded.submissions == 6 * 3
    client = tiny.services["contribution"].client
    for status in ("settled", "partial", "overpaid", "unmatched"):
        page = await client.get(
            f"/v1/contributions/payments?status={status}", headers=auth.officer()
        )
        assert page.status_code == 200, page.text
        assert page.json()["items"], status
    overdue = await client.get("/v1/contributions/overdue", headers=auth.officer())
    assert overdue.json()["items"], "the unpaid ones are overdue"
    assert loaded.approvals_pending > 0
    assert loaded.loan_ids
    assert loaded.treatments == len(data.treatments)
    assert loaded.appeals == len(data.appeals)


async def test_the_main_reads_answer_in_a_fixed_number_of_statements(tiny: Tiny) -> None:
    """Each read's statements are counted for a small subject and a large one (a one-item page
    and a fifty-item page; the smallest employer's statement and the largest's): an N+1 differs."""
    data = generate(TINY)
    largest = max(data.employers, key=lambda e: len(e.staff))
    smallest = min(data.employers, key=lambda e: len(e.staff))
    reads = [r for r in main_reads(data, tiny.loaded) if not r.through_gateway_only]
    assert len(reads) == 6
    pairs = [(r.service, r.path, r.path.replace("limit=50", "limit=1")) for r in reads] + [
        (
            "contribution",
            f"/v1/contributions/employers/{largest.code}/statement",
            f"/v1/contributions/employers/{smallest.code}/statement",
        ),
        (
            "contribution",
            f"/v1/contributions/insured-persons/{largest.staff[0].ic}",
            f"/v1/contributions/insured-persons/{smallest.staff[0].ic}",
        ),
    ]
    async with contextlib.AsyncExitStack() as paused:
        for running in tiny.services.values():
            await paused.enter_async_context(consumers_paused(running))
        await _count_each_reads_statements(tiny, pairs)


async def _count_each_reads_statements(tiny: Tiny, pairs: list[tuple[str, str, str]]) -> None:
    for service, big, small in pairs:
        running = tiny.services[service]
        counts = []
        for path in (big, small):
            # Reads go to the read engine (its own on SQLite, the one engine on PostgreSQL).
            read_engine = running.runtime.read_sessionmaker.kw["bind"]
            with statements_run(read_engine) as seen:
                response = await running.client.get(path, headers=auth.officer())
                assert response.status_code == 200, (path, response.text)
            # The outbox relay polls on the same engine; its statements are not the read's.
            counts.append(len(own_queries(seen)))
        # A statement or two more where the data has them (an allocation to show), never one
        # per row: the big subject's rows are several times the small one's.
        assert abs(counts[0] - counts[1]) <= 1, (big, counts)
        assert max(counts) <= 8, (big, counts)
