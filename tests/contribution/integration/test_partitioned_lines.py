"""Contribution lines partitioned by month on PostgreSQL (issue 19): the table is partitioned, a
line lands in its month's partition, a query by employer and month reads that partition alone,
months are kept ahead at start, and the migration moves the lines already stored."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from services.contribution.partitions import keep_months_ahead
from shared.persistence.migrations import alembic_config
from tests.contribution.integration.test_contribution_api import register_employer, submit
from tests.contribution.integration.test_copy_ingest import distinct_people, lines_of
from tests.support.databases import DatabaseFactory
from tests.support.services import PROJECT_ROOT, RunningService

PARTITIONED = "7bcea9350d7a"


@pytest.fixture
def postgres(contribution: RunningService) -> RunningService:
    if contribution.runtime.engine.dialect.name != "postgresql":
        pytest.skip("partitions are PostgreSQL's; SQLite keeps one table")
    return contribution


async def scalar(svc: RunningService, sql: str, **params: object) -> object:
    async with svc.runtime.engine.connect() as connection:
        return (await connection.execute(text(sql), params)).scalar()


async def test_the_lines_table_is_partitioned_by_month_and_a_line_lands_in_its_month(
    postgres: RunningService,
) -> None:
    strategy = await scalar(
        postgres,
        "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'submission_lines'::regclass",
    )
    assert strategy == "r"
    partitions = await scalar(
        postgres,
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'submission_lines'::regclass",
    )
    assert isinstance(partitions, int)
    assert partitions >= 7 * 12 + 1  # 2022-01 to 2028-12, and the default
    code = await register_employer(postgres)
    [ic] = distinct_people(1)
    answer = await submit(postgres, code, lines_of([ic]), month="2025-07")
    assert answer.status_code == 201, answer.text
    where = await scalar(
        postgres, "SELECT tableoid::regclass::text FROM submission_lines WHERE ic = :ic", ic=ic
    )
    assert where == "submission_lines_y2025m07"


async def test_a_query_by_employer_and_month_reads_one_partition(
    postgres: RunningService,
) -> None:
    async with postgres.runtime.engine.connect() as connection:
        plan = "\n".join(
            (
                await connection.execute(
                    text(
                        "EXPLAIN SELECT ic, wage FROM submission_lines "
                        "WHERE employer_code = :code AND month = :month"
                    ),
                    {"code": "E0000001", "month": "2025-06"},
                )
            ).scalars()
        )
    scanned = {word for word in plan.split() if word.startswith("submission_lines_")}
    # The partition and its own indexes, none of another month.
    assert scanned, plan
    assert all(name.startswith("submission_lines_y2025m06") for name in scanned), plan


async def test_months_are_kept_ahead_at_start_and_twice_is_harmless(
    postgres: RunningService,
) -> None:
    far = date(2031, 3, 15)
    await keep_months_ahead(postgres.runtime.engine, far, ahead=2)
    await keep_months_ahead(postgres.runtime.engine, far, ahead=2)
    found = await scalar(
        postgres,
        "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'submission_lines'::regclass "
        "AND c.relname LIKE 'submission_lines_y2031%'",
    )
    assert found == "submission_lines_y2031m03,submission_lines_y2031m04,submission_lines_y2031m05"


async def test_the_migration_moves_the_lines_already_stored(
    postgres: RunningService, databases: DatabaseFactory
) -> None:
    url = await databases.create("contribution")
    config = alembic_config(PROJECT_ROOT / "services" / "contribution" / "alembic.ini", url)
    before = ScriptDirectory.from_config(config).get_revision(PARTITIONED).down_revision
    await asyncio.to_thread(command.upgrade, config, "heads")
    # Back to the revision before the partitions (the first, when it merges heads).
    await asyncio.to_thread(
        command.downgrade, config, before[0] if isinstance(before, tuple) else str(before)
    )
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            "INSERT INTO employers (employer_code, name, state, registered_at)"
            " VALUES ('E1', 'Syarikat', 'KUL', now())"
        )
        await connection.execute(
            "INSERT INTO submissions (id, reference, employer_code, month, due_date, created_at,"
            " created_by, socso_employer, socso_employee, eis_employer, eis_employee,"
            " skbbk_employee, total, amount_paid, interest_assessed, interest_paid, status)"
            " VALUES ('s1', 'R1', 'E1', '2024-02', '2024-03-15', now(), 'x',"
            " 0, 0, 0, 0, 0, 0, 0, 0, 0, 'unpaid')"
        )
        await connection.execute(
            "INSERT INTO submission_lines (submission_id, line_no, employer_code, month, ic, name,"
            " wage, nationality, employment_type, category, eis, skbbk, overridden,"
            " socso_employer, socso_employee, eis_employer, eis_employee, skbbk_employee, total,"
            " reasons) VALUES ('s1', 1, 'E1', '2024-02', '900101145678', 'A', 100000,"
            " 'malaysian', 'regular', 'first', true, false, false, 1, 1, 1, 1, 0, 4, '[]')"
        )
    finally:
        await connection.close()
    await asyncio.to_thread(command.upgrade, config, "heads")
    engine = create_async_engine(url)
    try:
        async with engine.connect() as moved:
            where = (
                await moved.execute(text("SELECT tableoid::regclass::text FROM submission_lines"))
            ).scalar()
            # The sequence went with the table: the next line's id follows the moved one's.
            await moved.execute(
                text(
                    "INSERT INTO submission_lines SELECT nextval('submission_lines_id_seq'), "
                    "submission_id, 2, employer_code, month, '900101145679', name, wage, "
                    "nationality, employment_type, category, eis, skbbk, overridden, "
                    "socso_employer, socso_employee, eis_employer, eis_employee, "
                    "skbbk_employee, total, reasons FROM submission_lines"
                )
            )
            ids = (await moved.execute(text("SELECT id FROM submission_lines ORDER BY id"))).all()
    finally:
        await engine.dispose()
    assert where == "submission_lines_y2024m02"
    assert [i for (i,) in ids] == [1, 2]


async def test_a_submissions_lines_are_read_by_index_not_by_scanning_every_month(
    contribution: RunningService,
) -> None:
    """The helper's note on partitioning: nothing indexed the lines by submission."""
    from sqlalchemy import select

    from services.contribution.models import SubmissionLine

    if not contribution.database_url.startswith("postgresql"):
        pytest.skip("partitions and their plans are PostgreSQL's")
    query = select(SubmissionLine).where(SubmissionLine.submission_id == "x")
    async with contribution.runtime.sessionmaker() as session, session.begin():
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = query.compile(session.bind, compile_kwargs={"literal_binds": True})
        plan = "\n".join((await session.execute(text(f"EXPLAIN {compiled}"))).scalars())
    assert "Seq Scan" not in plan, plan
    assert "submission_id" in plan, plan
