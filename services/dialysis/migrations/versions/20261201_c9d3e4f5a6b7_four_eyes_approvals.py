"""four eyes: an officer's request for money to leave or move, held until another decides it

Revision ID: c9d3e4f5a6b7
Revises: b7c3d9e1f204
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_approvals_table

revision: str = "c9d3e4f5a6b7"
down_revision: str | None = "b7c3d9e1f204"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_approvals_table()


def downgrade() -> None:
    op.drop_table("approvals")
