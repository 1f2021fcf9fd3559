"""`among(column, values)`: the same rows as an IN list on both databases; on PostgreSQL one array
parameter however many values (an IN list is rendered anew, a parameter per value, every time)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.persistence.chunks import IN_CHUNK, among
from shared.persistence.db import create_engine
from tests.support.databases import DatabaseFactory
from tests.support.sql_statements import statements_run

metadata = MetaData()
people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ic", String(12), index=True),
)


@pytest.fixture
async def engine(databases: DatabaseFactory) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(await databases.create("among"))
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.execute(insert(people), [{"ic": f"{k:012d}"} for k in range(2 * IN_CHUNK)])
    yield engine
    await engine.dispose()


@pytest.mark.parametrize("count", [1, 7, IN_CHUNK])
async def test_the_rows_are_the_in_lists_rows(engine: AsyncEngine, count: int) -> None:
    wanted = [f"{k:012d}" for k in range(0, 3 * count, 3)] + ["not-a-person"]
    async with engine.connect() as connection:
        listed = select(people.c.id).where(people.c.ic.in_(wanted)).order_by(people.c.id)
        chosen = select(people.c.id).where(among(people.c.ic, wanted)).order_by(people.c.id)
        expected = (await connection.scalars(listed)).all()
        assert (await connection.scalars(chosen)).all() == expected
        assert len(expected) == len([k for k in range(0, 3 * count, 3) if k < 2 * IN_CHUNK])


async def test_a_cached_statement_takes_each_executions_own_values(engine: AsyncEngine) -> None:
    """The compiled form is cached by the statement's shape: the values must be this call's."""
    async with engine.connect() as connection:
        for first in (0, 100, 500):
            wanted = [f"{k:012d}" for k in range(first, first + 5)]
            found = await connection.scalars(select(people.c.id).where(among(people.c.ic, wanted)))
            assert sorted(found) == [k + 1 for k in range(first, first + 5)]


async def test_on_postgresql_the_values_are_one_array_parameter(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no arrays: it keeps the IN list")
    wanted = [f"{k:012d}" for k in range(IN_CHUNK)]
    with statements_run(engine) as seen:
        async with engine.connect() as connection:
            await connection.execute(select(people.c.id).where(among(people.c.ic, wanted)))
    (statement,) = [s for s in seen if "people" in s]
    assert "ANY(" in statement, statement
    assert "$2" not in statement, statement
