"""each record's history: which events concern it, its own and those of records about it

Revision ID: f2a3b4c5d6e7
Revises: b8c2d3e4f5a6
Create Date: 2026-12-01 13:30:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_record_events_table

revision: str = "f2a3b4c5d6e7"
down_revision: str | None = "b8c2d3e4f5a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_record_events_table()


def downgrade() -> None:
    op.drop_table("record_events")
