"""dead letters: events a consumer gave up on, parked; the inbox keeps each event's stream sequence

Revision ID: d107e22ef4bf
Revises: b5c6d7e8f9a0
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from shared.persistence.migrations import create_dead_letters_table, drop_dead_letters_table

revision: str = "d107e22ef4bf"
down_revision: str | None = "b5c6d7e8f9a0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_dead_letters_table()


def downgrade() -> None:
    drop_dead_letters_table()
