"""Async engines and sessions, one database per service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.persistence.sqlite_driver import one_hop_dbapi

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """Each service owns one MetaData: its tables plus the shared outbox, inbox and idempotency tables."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, pool_size: int = 10, for_reads: bool = False) -> AsyncEngine:
    """An engine tuned per backend: SQLite serialises writers, PostgreSQL pools connections.

    SQLite allows one writer at a time. Its busy handler makes waiting writers sleep and retry,
    which under concurrency costs hundreds of milliseconds; one writer connection makes them queue
    in the pool instead, in order and without sleeping. Reads get their own engine (WAL lets them
    run beside the writer).
    """
    if is_sqlite(url):
        driver: dict[str, Any] = {"connect_args": {"timeout": 30}}
        dbapi = one_hop_dbapi()
        if dbapi is not None:
            driver["module"] = dbapi
        if for_reads:
            engine = create_async_engine(url, pool_size=4, max_overflow=4, **driver)
        else:
            engine = create_async_engine(
                url, pool_size=1, max_overflow=0, pool_timeout=60, **driver
            )
        _make_sqlite_transactions_immediate(engine)
        return engine
    # No pre-ping: it cost a round trip per checkout (0.4 ms of every request, measured). A
    # connection that died with the server fails its first statement instead; SQLAlchemy then
    # discards every connection from before the failure, and that one request is answered 503
    # with Retry-After, which clients retry (the database-outage scenario of the reliability suite).
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        pool_timeout=10,
    )


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    # pysqlite's deferred BEGIN lets two transactions read and then both try to upgrade to a write
    # lock, and one fails at once with "database is locked" (the busy timeout does not apply to an
    # upgrade). BEGIN IMMEDIATE takes the write lock up front, so writers queue instead of failing.
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        use_wal(cursor, refused=sync_engine.dialect.loaded_dbapi.OperationalError)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(_READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def use_wal(cursor: Any, *, refused: type[Exception]) -> None:
    """Switch the file to WAL if it is not; a switch refused leaves the connection in the file's mode.

    WAL is the file's own, kept once set, and migrating a database sets it first
    (`shared.persistence.migrations`), so a service's connections only read it. The switch needs
    the whole file: while another connection holds a write lock SQLite refuses it at once, busy
    timeout or not, and a failed switch failed the request whose checkout made the connection.
    Refused, the connection works in the file's mode, and the next connection made tries again.
    """
    cursor.execute("PRAGMA journal_mode")
    if str(cursor.fetchone()[0]).lower() == "wal":
        return
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except refused as error:
        if "locked" not in str(error):
            raise


_READ_ONLY = "perkeso_read_only"


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work: on SQLite they take the write lock when they begin."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for queries: on SQLite a plain BEGIN, so reads never queue behind writers."""
    return async_sessionmaker(
        engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False, autoflush=False
    )
