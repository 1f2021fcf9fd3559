"""deadline breaches raised once each (unique on kind, record and level), and the index the
deadline check's walk reads

Revision ID: d1a2b3c4e5f6
Revises: d107e22ef4bf
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_deadline_breaches_table

revision: str = "d1a2b3c4e5f6"
down_revision: str | None = "d107e22ef4bf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_deadline_breaches_table()
    op.create_index(
        "ix_treatments_status_requested", "treatments", ["status", "requested_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_treatments_status_requested", table_name="treatments")
    op.drop_table("deadline_breaches")
