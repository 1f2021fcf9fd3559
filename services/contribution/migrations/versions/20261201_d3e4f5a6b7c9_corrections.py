"""corrections: a submission's versions, its amendments and its void

Revision ID: d3e4f5a6b7c9
Revises: c2d3e4f5a6b8
Create Date: 2026-12-01 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.sqltypes import AwareDateTime, JsonText, SenAmount

revision: str = "d3e4f5a6b7c9"
down_revision: str | None = "c2d3e4f5a6b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "submissions", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.create_table(
        "amendments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("changes", JsonText(), nullable=False),
        sa.Column("previous_total", SenAmount(), nullable=False),
        sa.Column("total", SenAmount(), nullable=False),
        sa.Column("amended_at", AwareDateTime(), nullable=False),
        sa.Column("amended_by", sa.String(120), nullable=False),
        sa.UniqueConstraint("submission_id", "version", name="uq_amendments_version"),
    )


def downgrade() -> None:
    op.drop_table("amendments")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("version")
