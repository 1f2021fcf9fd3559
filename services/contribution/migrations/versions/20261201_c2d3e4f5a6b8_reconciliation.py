"""reconciliation: allocations of a payment's money, refunds of credit, reversals of payments

Revision ID: c2d3e4f5a6b8
Revises: e1f2a3b4c5d6
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.persistence.sqltypes import AwareDateTime, JsonText, SenAmount

revision: str = "c2d3e4f5a6b8"
down_revision: str | None = "e1f2a3b4c5d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "submissions", sa.Column("refunded", SenAmount(), nullable=False, server_default="0")
    )
    op.add_column(
        "payments",
        sa.Column("allocated_amount", SenAmount(), nullable=False, server_default="0"),
    )
    op.create_table(
        "allocations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "payment_id", sa.String(36), sa.ForeignKey("payments.payment_id"), nullable=False
        ),
        sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("amount", SenAmount(), nullable=False),
        sa.Column("applied_amount", SenAmount(), nullable=False),
        sa.Column("late_interest", SenAmount(), nullable=False),
        sa.Column("interest_settled", SenAmount(), nullable=False),
        sa.Column("days_late", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("allocated_at", AwareDateTime(), nullable=False),
        sa.Column("allocated_by", sa.String(120), nullable=False),
        sa.Column("requested_by", sa.String(120), nullable=True),
    )
    op.create_index("ix_allocations_payment", "allocations", ["payment_id"])
    op.create_index("ix_allocations_submission", "allocations", ["submission_id"])
    op.create_table(
        "refunds",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "employer_code", sa.String(12), sa.ForeignKey("employers.employer_code"), nullable=False
        ),
        sa.Column("amount", SenAmount(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("drawn", JsonText(), nullable=False),
        sa.Column("refunded_at", AwareDateTime(), nullable=False),
        sa.Column("refunded_by", sa.String(120), nullable=False),
        sa.Column("requested_by", sa.String(120), nullable=True),
    )
    op.create_index("ix_refunds_employer", "refunds", ["employer_code"])
    op.create_table(
        "reversals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("bank_code", sa.String(10), nullable=False),
        sa.Column("bank_txn_id", sa.String(64), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column(
            "payment_id",
            sa.String(36),
            sa.ForeignKey("payments.payment_id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("amount", SenAmount(), nullable=False),
        sa.Column("reversed_at", AwareDateTime(), nullable=False),
        sa.Column("received_at", AwareDateTime(), nullable=False),
        sa.Column("response", JsonText(), nullable=False),
        sa.UniqueConstraint("bank_code", "bank_txn_id", name="uq_reversals_bank_txn"),
    )
    # The reconciliation queue, a page at a time by status, oldest first.
    op.create_index(
        "ix_payments_status_received", "payments", ["status", "received_at", "payment_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_payments_status_received", table_name="payments")
    op.drop_table("reversals")
    op.drop_table("refunds")
    op.drop_table("allocations")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("allocated_amount")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("refunded")
