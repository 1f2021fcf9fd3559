"""claims paid so far: an allowed appeal approves a refused part after the rest was paid

Revision ID: b5c6d7e8f9a0
Revises: a3b4c5d6e7f8
Create Date: 2026-12-01 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.sqltypes import SenAmount

revision: str = "b5c6d7e8f9a0"
down_revision: str | None = "a3b4c5d6e7f8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "claims", sa.Column("paid_amount", SenAmount(), nullable=False, server_default="0")
    )
    # A claim paid before this column was paid all it was approved for.
    op.execute("UPDATE claims SET paid_amount = approved WHERE status = 'paid'")


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("paid_amount")
