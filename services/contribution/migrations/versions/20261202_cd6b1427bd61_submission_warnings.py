"""submission warnings: what a return's answer warned of, kept with the submission

Revision ID: cd6b1427bd61
Revises: c1d2e3f4a5b6
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "cd6b1427bd61"
down_revision: str | None = "c1d2e3f4a5b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "submission_warnings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("ic", sa.String(12), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("message", sa.String(500), nullable=False),
    )
    op.create_index(
        "ix_submission_warnings_submission", "submission_warnings", ["submission_id", "line_no"]
    )


def downgrade() -> None:
    op.drop_index("ix_submission_warnings_submission", table_name="submission_warnings")
    op.drop_table("submission_warnings")
