"""Fresh databases for a test run: SQLite files, and PostgreSQL databases when TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", *(["postgres"] if POSTGRES_URL else [])]


def _admin_dsn() -> str:
    url = make_url(POSTGRES_URL).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class DatabaseFactory:
    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self.run_id = uuid.uuid4().hex[:8]
        self._created: list[str] = []

    async def create(self, name: str) -> str:
        """A new, empty database for one service; returns its SQLAlchemy async URL."""
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.directory / f'{name}-{uuid.uuid4().hex[:6]}.db'}"
        database = f"t_{self.run_id}_{name}_{uuid.uuid4().hex[:6]}"
        connection = await asyncpg.connect(_admin_dsn())
        try:
            await connection.execute(f'CREATE DATABASE "{database}"')
        finally:
            await connection.close()
        self._created.append(database)
        url = make_url(POSTGRES_URL).set(drivername="postgresql+asyncpg", database=database)
        return url.render_as_string(hide_password=False)

    async def drop_all(self) -> None:
        if not self._created:
            return
        connection = await asyncpg.connect(_admin_dsn())
        try:
            for database in self._created:
                await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await connection.close()
