"""dead letters: events a consumer gave up on, parked; the inbox keeps each event's stream sequence

Revision ID: 88d549d8f020
Revises: b4c5d6e7f8a9
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

from shared.persistence.migrations import create_dead_letters_table, drop_dead_letters_table

revision: str = "88d549d8f020"
down_revision: str | None = "b4c5d6e7f8a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_dead_letters_table()


def downgrade() -> None:
    drop_dead_letters_table()
