"""each record's history: which events concern it, its own and those of records about it

Revision ID: b4c5d6e7f8a9
Revises: d0e4f5a6b7c8
Create Date: 2026-12-01 13:30:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_record_events_table

revision: str = "b4c5d6e7f8a9"
down_revision: str | None = "d0e4f5a6b7c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_record_events_table()


def downgrade() -> None:
    op.drop_table("record_events")
