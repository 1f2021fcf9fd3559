"""who is insured, kept by person_key (the events no longer carry ICs)

Revision ID: b7c3d9e1f204
Revises: ee619c6bf626
Create Date: 2026-12-01 10:55:00
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.persistence.sqltypes
from shared.kernel.person import DEVELOPMENT_SECRET, PersonKeys

revision: str = "b7c3d9e1f204"
down_revision: str | None = "ee619c6bf626"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The records already kept move to their person's key (the secret every service shares).
    keys = PersonKeys(os.environ.get("PERSON_KEY_SECRET", DEVELOPMENT_SECRET))
    connection = op.get_bind()
    records = connection.execute(
        sa.text(
            "SELECT ic, insured_since, last_contribution_month, last_payment_at"
            " FROM insured_records"
        )
    ).all()
    persons = connection.execute(sa.text("SELECT reference, ic FROM submission_persons")).all()
    op.drop_table("insured_records")
    op.drop_table("submission_persons")
    insured = op.create_table(
        "insured_records",
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("insured_since", sa.String(length=7), nullable=False),
        sa.Column("last_contribution_month", sa.String(length=7), nullable=False),
        sa.Column(
            "last_payment_at",
            shared.persistence.sqltypes.AwareDateTime(timezone=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("person_key", name=op.f("pk_insured_records")),
    )
    submission_persons = op.create_table(
        "submission_persons",
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("reference", "person_key", name=op.f("pk_submission_persons")),
    )
    if records:
        op.bulk_insert(
            insured,
            [
                {
                    "person_key": keys.of(ic),
                    "insured_since": since,
                    "last_contribution_month": last,
                    "last_payment_at": paid,
                }
                for ic, since, last, paid in records
            ],
        )
    if persons:
        op.bulk_insert(
            submission_persons,
            [{"reference": reference, "person_key": keys.of(ic)} for reference, ic in persons],
        )


def downgrade() -> None:
    # An IC cannot be recovered from its key: the records are rebuilt by replaying the events.
    op.drop_table("submission_persons")
    op.drop_table("insured_records")
    op.create_table(
        "insured_records",
        sa.Column("ic", sa.String(length=12), nullable=False),
        sa.Column("insured_since", sa.String(length=7), nullable=False),
        sa.Column("last_contribution_month", sa.String(length=7), nullable=False),
        sa.Column(
            "last_payment_at",
            shared.persistence.sqltypes.AwareDateTime(timezone=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("ic", name=op.f("pk_insured_records")),
    )
    op.create_table(
        "submission_persons",
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("ic", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("reference", "ic", name=op.f("pk_submission_persons")),
    )
