"""dead letters: events a consumer gave up on, parked; the inbox keeps each event's stream sequence

Revision ID: 6199afa25cb0
Revises: f2a3b4c5d6e7
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from shared.persistence.migrations import create_dead_letters_table, drop_dead_letters_table

revision: str = "6199afa25cb0"
down_revision: str | None = "f2a3b4c5d6e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_dead_letters_table()


def downgrade() -> None:
    drop_dead_letters_table()
