"""SQLite with one thread hop per statement: the same answers as the stock adapter, fewer hops."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.persistence.db import create_engine, create_read_sessionmaker, create_sessionmaker

metadata = MetaData()
people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), unique=True),
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def test_rows_counts_and_ids_are_what_sqlite_reports(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session, session.begin():
        inserted = await session.execute(insert(people).values(name="Aminah"))
        assert inserted.inserted_primary_key == (1,)
        many = await session.execute(insert(people), [{"name": "Badrul"}, {"name": "Chong"}])
        assert many.rowcount == 2
        changed = await session.execute(
            update(people).where(people.c.name != "Aminah").values(name=people.c.name + "!")
        )
        assert changed.rowcount == 2
    async with create_read_sessionmaker(engine)() as session:
        names = (await session.scalars(select(people.c.name).order_by(people.c.id))).all()
        assert names == ["Aminah", "Badrul!", "Chong!"]
        empty = await session.execute(select(people).where(people.c.id > 99))
        assert empty.all() == []


async def test_database_errors_arrive_as_sqlalchemy_errors_and_roll_back(
    engine: AsyncEngine,
) -> None:
    sessionmaker = create_sessionmaker(engine)

    async def insert_twice() -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(insert(people).values(name="Devi"))
            await session.execute(insert(people).values(name="Devi"))

    with pytest.raises(IntegrityError):
        await insert_twice()
    async with sessionmaker() as session:
        assert await session.scalar(select(people.c.id).where(people.c.name == "Devi")) is None


async def test_a_read_session_makes_one_hop_per_statement(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN, the SELECT, the ROLLBACK and the pool's reset: four hops to the connection's thread,
    where the stock adapter made nine (cursor, execute, fetch and close for each statement)."""
    read = create_read_sessionmaker(engine)
    async with read() as session:  # a pooled connection exists before counting
        await session.execute(text("SELECT 1"))
    hops: dict[int, int] = {}
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        hops[id(self)] = hops.get(id(self), 0) + 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    async with read() as session:
        assert (await session.execute(select(people.c.name))).all() == []
    # Counted per connection: the other in-process services' relays poll their own meanwhile.
    assert hops
    assert max(hops.values()) <= 4
