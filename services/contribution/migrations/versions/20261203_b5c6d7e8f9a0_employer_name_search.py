"""employer search by part of a name served by indexes on PostgreSQL

The search (`lower(employer_code) LIKE 'q%' OR lower(name) LIKE '%q%'`, in code order) had no
index it could use: PostgreSQL read every employer (a seq scan, or the primary key in code order
with every row filtered), 1.2 s at 500,000 employers. A trigram GIN index on lower(name) and a
pattern index on lower(employer_code) turn it into a BitmapOr of the two (2 ms there). SQLite has
neither kind: nothing changes there. Also the merge of the two heads the contribution service had.

Revision ID: b5c6d7e8f9a0
Revises: c1d2e3f4a5b6, cd6b1427bd61
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b5c6d7e8f9a0"
down_revision: str | Sequence[str] | None = ("c1d2e3f4a5b6", "cd6b1427bd61")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_employers_name_trgm ON employers USING gin (lower(name) gin_trgm_ops)"
    )
    op.execute(
        "CREATE INDEX ix_employers_code_lower ON employers (lower(employer_code) text_pattern_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_employers_code_lower", table_name="employers")
    op.drop_index("ix_employers_name_trgm", table_name="employers")
