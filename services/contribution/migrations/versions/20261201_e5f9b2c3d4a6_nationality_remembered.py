"""a person's nationality, once a submission states it, is remembered

Revision ID: e5f9b2c3d4a6
Revises: d4e8a1b2c3f5
Create Date: 2026-12-01 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5f9b2c3d4a6"
down_revision: str | None = "d4e8a1b2c3f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("insured_persons", sa.Column("nationality", sa.String(length=20), nullable=True))
    # A person's foreign or permanent-resident status, where a line recorded one, carries over
    # (the latest month's); a Malaysian line may only have been the old default, so it is not.
    op.execute(
        "UPDATE insured_persons SET nationality = ("
        "SELECT sl.nationality FROM submission_lines sl WHERE sl.ic = insured_persons.ic "
        "AND sl.nationality <> 'malaysian' ORDER BY sl.month DESC LIMIT 1)"
    )


def downgrade() -> None:
    op.drop_column("insured_persons", "nationality")
