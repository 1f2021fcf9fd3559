"""appealable decisions name the person by person_key, not IC

Revision ID: a1f0c2d4e5b6
Revises: cc2093354ae7
Create Date: 2026-12-01 10:50:00
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.kernel.person import DEVELOPMENT_SECRET, PersonKeys

revision: str = "a1f0c2d4e5b6"
down_revision: str | None = "cc2093354ae7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appealable_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party_key", sa.String(length=64), nullable=True))
    # Decisions already recorded keep their person, now by key (the secret every service shares).
    keys = PersonKeys(os.environ.get("PERSON_KEY_SECRET", DEVELOPMENT_SECRET))
    connection = op.get_bind()
    table = sa.table(
        "appealable_decisions",
        sa.column("event_id", sa.String),
        sa.column("party_ic", sa.String),
        sa.column("party_key", sa.String),
    )
    for event_id, ic in connection.execute(
        sa.select(table.c.event_id, table.c.party_ic).where(table.c.party_ic.is_not(None))
    ):
        connection.execute(
            table.update().where(table.c.event_id == event_id).values(party_key=keys.of(ic))
        )
    with op.batch_alter_table("appealable_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appealable_decisions_party_ic"))
        batch_op.drop_column("party_ic")
        batch_op.create_index(
            batch_op.f("ix_appealable_decisions_party_key"), ["party_key"], unique=False
        )


def downgrade() -> None:
    # The IC cannot be recovered from its key: a downgrade forgets who each decision concerned.
    with op.batch_alter_table("appealable_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appealable_decisions_party_key"))
        batch_op.drop_column("party_key")
        batch_op.add_column(sa.Column("party_ic", sa.String(length=12), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_appealable_decisions_party_ic"), ["party_ic"], unique=False
        )
