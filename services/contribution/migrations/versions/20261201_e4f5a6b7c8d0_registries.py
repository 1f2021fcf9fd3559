"""registries: an employer's address, and its employees with their start and end dates

Revision ID: e4f5a6b7c8d0
Revises: d3e4f5a6b7c9
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4f5a6b7c8d0"
down_revision: str | None = "d3e4f5a6b7c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("employers", sa.Column("address", sa.String(300), nullable=True))
    op.create_table(
        "employees",
        sa.Column(
            "employer_code",
            sa.String(12),
            sa.ForeignKey("employers.employer_code"),
            primary_key=True,
        ),
        sa.Column("ic", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("nationality", sa.String(20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(500), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("employees")
    with op.batch_alter_table("employers") as batch:
        batch.drop_column("address")
