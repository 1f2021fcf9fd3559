"""deadline breaches raised once each (unique on kind, record and level), and the index the
deadline check's walk reads

Revision ID: c1d2e3f4a5b6
Revises: 4b99aa153ec7
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.migrations import create_deadline_breaches_table

revision: str = "c1d2e3f4a5b6"
down_revision: str | None = "4b99aa153ec7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_deadline_breaches_table()
    owing = sa.text("status IN ('unpaid', 'partial')")
    op.create_index(
        "ix_submissions_owed_due",
        "submissions",
        ["due_date", "id"],
        postgresql_where=owing,
        sqlite_where=owing,
    )


def downgrade() -> None:
    op.drop_index("ix_submissions_owed_due", table_name="submissions")
    op.drop_table("deadline_breaches")
