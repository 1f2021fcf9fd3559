"""deadline breaches raised once each (unique on kind, record and level), and the index the
deadline check's walk reads

Revision ID: b2c3d4e5f6a1
Revises: 6199afa25cb0
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_deadline_breaches_table

revision: str = "b2c3d4e5f6a1"
down_revision: str | None = "6199afa25cb0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_deadline_breaches_table()
    op.create_index(
        "ix_loans_status_final_month", "loans", ["status", "final_disbursement_month", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_loans_status_final_month", table_name="loans")
    op.drop_table("deadline_breaches")
