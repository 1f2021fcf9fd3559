"""interest waivers: what an officer waived of a submission's late-payment interest

Revision ID: f5a6b7c8d9e1
Revises: e4f5a6b7c8d0
Create Date: 2026-12-01 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.sqltypes import SenAmount

revision: str = "f5a6b7c8d9e1"
down_revision: str | None = "e4f5a6b7c8d0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "submissions",
        sa.Column("interest_waived", SenAmount(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("interest_waived")
