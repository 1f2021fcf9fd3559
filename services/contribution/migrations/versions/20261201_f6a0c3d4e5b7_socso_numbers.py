"""foreign workers named by SOCSO number: no birth date, so no age at first contribution

Revision ID: f6a0c3d4e5b7
Revises: e5f9b2c3d4a6
Create Date: 2026-12-01 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f6a0c3d4e5b7"
down_revision: str | None = "e5f9b2c3d4a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.alter_column("first_contribution_age", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # A SOCSO number's row has no age to restore; -1 marks it where the old schema needs one.
    op.execute(
        "UPDATE insured_persons SET first_contribution_age = -1 "
        "WHERE first_contribution_age IS NULL"
    )
    with op.batch_alter_table("insured_persons") as batch:
        batch.alter_column("first_contribution_age", existing_type=sa.Integer(), nullable=False)
