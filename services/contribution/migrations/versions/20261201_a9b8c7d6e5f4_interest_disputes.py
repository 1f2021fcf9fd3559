"""interest disputes: late interest under appeal, frozen, then cancelled or restored

Revision ID: a9b8c7d6e5f4
Revises: f5a6b7c8d9e1
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.sqltypes import AwareDateTime, SenAmount

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "f5a6b7c8d9e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("interest_disputed", "interest_cancelled"):
        op.add_column(
            "submissions", sa.Column(column, SenAmount(), nullable=False, server_default="0")
        )
    op.add_column("payments", sa.Column("interest_status", sa.String(10), nullable=True))
    op.create_table(
        "interest_disputes",
        sa.Column("assessment_event_id", sa.String(36), primary_key=True),
        sa.Column("appeal_id", sa.String(36), nullable=False),
        sa.Column(
            "payment_id", sa.String(36), sa.ForeignKey("payments.payment_id"), nullable=False
        ),
        sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("employer_code", sa.String(12), nullable=False),
        sa.Column("amount", SenAmount(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("paid_back", SenAmount(), nullable=False, server_default="0"),
        sa.Column("opened_at", AwareDateTime(), nullable=False),
        sa.Column("settled_at", AwareDateTime(), nullable=True),
    )
    op.create_index("ix_interest_disputes_submission_id", "interest_disputes", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_interest_disputes_submission_id", table_name="interest_disputes")
    op.drop_table("interest_disputes")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("interest_status")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("interest_cancelled")
        batch.drop_column("interest_disputed")
