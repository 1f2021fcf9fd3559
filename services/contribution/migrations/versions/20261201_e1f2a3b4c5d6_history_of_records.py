"""each record's history: which events concern it, its own and those of records about it

Revision ID: e1f2a3b4c5d6
Revises: a7b1c2d3e4f5
Create Date: 2026-12-01 13:30:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_record_events_table

revision: str = "e1f2a3b4c5d6"
down_revision: str | None = "a7b1c2d3e4f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_record_events_table()


def downgrade() -> None:
    op.drop_table("record_events")
