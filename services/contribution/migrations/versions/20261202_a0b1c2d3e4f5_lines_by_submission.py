"""a submission's lines by index: its GET, an amendment and a void read them by submission id

Nothing indexed `submission_lines.submission_id`: each read of a submission's lines scanned the
table (every month's partition, on PostgreSQL). An index on the partitioned parent is created on
each partition, and on each partition created later.

Revision ID: a0b1c2d3e4f5
Revises: 7bcea9350d7a
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a0b1c2d3e4f5"
down_revision: str | None = "7bcea9350d7a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_submission_lines_submission", "submission_lines", ["submission_id", "line_no"]
    )


def downgrade() -> None:
    op.drop_index("ix_submission_lines_submission", table_name="submission_lines")
