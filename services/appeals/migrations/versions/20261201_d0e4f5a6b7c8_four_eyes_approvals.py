"""four eyes: an officer's request for money to leave or move, held until another decides it

Revision ID: d0e4f5a6b7c8
Revises: a1f0c2d4e5b6
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

from alembic import op

from shared.persistence.migrations import create_approvals_table

revision: str = "d0e4f5a6b7c8"
down_revision: str | None = "a1f0c2d4e5b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_approvals_table()


def downgrade() -> None:
    op.drop_table("approvals")
