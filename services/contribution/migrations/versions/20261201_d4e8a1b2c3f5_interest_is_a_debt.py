"""late-payment interest is a debt on the submission, settled by payments

Revision ID: d4e8a1b2c3f5
Revises: 62adbf3ac104
Create Date: 2026-12-01 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.persistence.sqltypes

revision: str = "d4e8a1b2c3f5"
down_revision: str | None = "62adbf3ac104"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sen() -> shared.persistence.sqltypes.SenAmount:
    return shared.persistence.sqltypes.SenAmount()


def upgrade() -> None:
    op.add_column(
        "submissions", sa.Column("interest_assessed", _sen(), nullable=False, server_default="0")
    )
    op.add_column(
        "submissions", sa.Column("interest_paid", _sen(), nullable=False, server_default="0")
    )
    op.add_column(
        "payments", sa.Column("interest_settled", _sen(), nullable=False, server_default="0")
    )
    # What was assessed before is owed now. Past overpayments stay the employer's credit, as the
    # statements showed them: nothing already received is moved without an officer.
    op.execute(
        "UPDATE submissions SET interest_assessed = COALESCE("
        "(SELECT SUM(p.late_interest) FROM payments p WHERE p.submission_id = submissions.id), 0)"
    )


def downgrade() -> None:
    op.drop_column("payments", "interest_settled")
    op.drop_column("submissions", "interest_paid")
    op.drop_column("submissions", "interest_assessed")
