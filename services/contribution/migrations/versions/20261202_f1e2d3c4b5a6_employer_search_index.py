"""employer search: trigram indexes, so a name part or code beginning finds its page at national size

`GET /v1/contributions/employers?q=` matches `lower(employer_code) LIKE 'q%'` or
`lower(name) LIKE '%q%'`. A B-tree cannot serve a match anywhere in a name, so on half a million
employers each search read the whole table; a trigram GIN index (pg_trgm) serves both patterns,
bound parameters included, and PostgreSQL combines the two with a bitmap OR. SQLite has no such
index and keeps scanning (it holds a development system's few employers).

pg_trgm ships with PostgreSQL's contrib; where the server lacks it, the search still works,
unindexed, and this migration says so rather than failing the upgrade.

Revision ID: f1e2d3c4b5a6
Revises: cd6b1427bd61
Create Date: 2026-12-02 10:00:00
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1e2d3c4b5a6"
down_revision: str | None = "cd6b1427bd61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _trigrams_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    if found is None:
        logging.getLogger("alembic").warning(
            "pg_trgm is not available on this server: employer search stays unindexed"
        )
    return found is not None


def upgrade() -> None:
    if not _trigrams_available():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_employers_name_trgm "
        "ON employers USING gin (lower(name) gin_trgm_ops)"
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_employers_code_trgm "
        "ON employers USING gin (lower(employer_code) gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_employers_code_trgm")
    op.execute("DROP INDEX IF EXISTS ix_employers_name_trgm")
