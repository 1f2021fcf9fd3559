"""deadline breaches raised once each (unique on kind, record and level), and the index the
deadline check's walk reads

Revision ID: e7f8a9b0c1d2
Revises: 88d549d8f020
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_deadline_breaches_table

revision: str = "e7f8a9b0c1d2"
down_revision: str | None = "88d549d8f020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_deadline_breaches_table()
    op.create_index("ix_appeals_status_filed", "appeals", ["status", "filed_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_appeals_status_filed", table_name="appeals")
    op.drop_table("deadline_breaches")
