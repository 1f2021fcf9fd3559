"""Alembic glue: each service's `migrations/env.py` calls `run_migrations`; tools call `upgrade_to_head`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.persistence.db import use_wal


def alembic_config(ini_path: Path, database_url: str) -> Config:
    config = Config(str(ini_path))
    config.set_main_option("script_location", str(ini_path.parent / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(ini_path: Path, database_url: str) -> None:
    """Apply every migration of one service to the given database (blocking; run in a thread)."""
    command.upgrade(alembic_config(ini_path, database_url), "head")


def run_migrations(target_metadata: MetaData, default_url: str) -> None:
    """Body of a service's env.py: online async migrations, or SQL output in offline mode."""
    url = context.config.get_main_option("sqlalchemy.url") or default_url
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target_metadata))


def _do_run(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _use_wal(connection: Connection) -> None:
    """WAL set when a database is migrated, before its services connect, so that they never have
    to switch the file while their own connections use it; the same switch as theirs
    (`db.use_wal`: refused because another connection writes, it is left to them)."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        use_wal(cursor, refused=connection.dialect.loaded_dbapi.OperationalError)
    finally:
        cursor.close()


async def _run_online(url: str, target_metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            await connection.run_sync(_use_wal)
        await connection.run_sync(_do_run, target_metadata)
    await engine.dispose()


def create_approvals_table() -> None:
    """For a service's Alembic revision: the four-eyes table, exactly as `infra_tables` defines it
    (one definition for the four services, its indexes included)."""
    from shared.persistence.infra_tables import define_approvals_table

    define_approvals_table(MetaData()).create(context.get_bind())


def create_dead_letters_table() -> None:
    """For a service's Alembic revision: the dead letters of its consumers, exactly as
    `infra_tables` defines them, and the stream sequence the inbox now keeps."""
    import sqlalchemy as sa
    from alembic import op

    from shared.persistence.infra_tables import define_dead_letters_table

    define_dead_letters_table(MetaData()).create(context.get_bind())
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("stream_sequence", sa.BigInteger(), nullable=True))


def drop_dead_letters_table() -> None:
    from alembic import op

    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("stream_sequence")
    op.drop_table("dead_letters")


def create_record_events_table() -> None:
    """For a service's Alembic revision: each record's history index, filled from the outbox for
    the events already written (by their subject; newer events also name the other records they
    concern)."""
    import json

    from sqlalchemy import insert, select

    from shared.persistence.infra_tables import define_record_events_table

    metadata = MetaData()
    table = define_record_events_table(metadata)
    bind = context.get_bind()
    table.create(bind)
    outbox = sa_table("outbox", "event_id", "payload")
    rows = bind.execute(select(outbox.c.event_id, outbox.c.payload)).all()
    for start in range(0, len(rows), 5000):
        chunk = [
            {"record_key": str(json.loads(payload)["subject"])[:64], "event_id": event_id}
            for event_id, payload in rows[start : start + 5000]
        ]
        if chunk:
            bind.execute(insert(table), chunk)


def create_deadline_breaches_table() -> None:
    """For a service's Alembic revision: the deadline breaches raised, exactly as `infra_tables`
    defines the table (one definition for the four services)."""
    from shared.persistence.infra_tables import define_deadline_breaches_table

    define_deadline_breaches_table(MetaData()).create(context.get_bind())


def sa_table(name: str, *columns: str) -> Any:
    """A lightweight table of a few columns, for a migration's data step."""
    from sqlalchemy import column, table

    return table(name, *(column(c) for c in columns))
