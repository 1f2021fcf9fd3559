"""four eyes: an officer's request for money to leave or move, held until another decides it

Revision ID: a7b1c2d3e4f5
Revises: f6a0c3d4e5b7
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_approvals_table

revision: str = "a7b1c2d3e4f5"
down_revision: str | None = "f6a0c3d4e5b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_approvals_table()


def downgrade() -> None:
    op.drop_table("approvals")
