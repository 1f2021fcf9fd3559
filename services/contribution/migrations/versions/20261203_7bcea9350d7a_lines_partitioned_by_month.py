"""submission lines partitioned by month on PostgreSQL (SQLite stays one table)

One range partition per contribution month, not per year. A month is what the hot statements
name (the duplicate check, the wage-jump check reading the month before, the other employers of
a person that month, a month's reports), so each of them reads one partition's indexes; at
national size a month is about nine million lines, a year over a hundred million, and a month's
partition keeps its unique index small enough to stay in memory while the days before the 15th
write into it. A month is also the unit to detach and archive once it is closed. The price is
paid by the reads that name no month (a person's lines, a submission's lines): they visit every
partition's index, about a hundred of them by the end of the decade, which PostgreSQL 15 plans
and runs in well under a millisecond for an index probe each.

The column is a 'YYYY-MM' string, so the bounds are strings ('2025-07' up to '2025-08'); every
value has the same shape, so their order is the months' order under any collation.

Partitions are created here from 2022-01 (the platform's first contribution month) to 2028-12,
with a DEFAULT partition so no line is ever refused for want of one; the service keeps 24 months
ahead at each start (services/contribution/partitions.py), so the default normally stays empty
(a month in the future cannot be submitted at all).

The primary key must hold the partition key: it becomes (id, month); `id` still comes from the
same sequence, so it stays unique on its own. Nothing references submission_lines.id by foreign
key (only submission_lines.submission_id -> submissions.id, kept). The unique constraint
(employer_code, month, ic) already holds the partition key and is kept as it is, with
ix_submission_lines_ic. Existing rows are moved in the migration's transaction.

Revision ID: 7bcea9350d7a
Revises: f1e2d3c4b5a6
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7bcea9350d7a"
down_revision: str | None = "f1e2d3c4b5a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_YEAR, LAST_YEAR = 2022, 2028
OLD = "submission_lines_unpartitioned"


def _months() -> list[tuple[int, int]]:
    return [(y, m) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]


def _partition(year: int, month: int) -> str:
    # Frozen here on purpose: services/contribution/partitions.py names them the same way.
    upper = (year + 1, 1) if month == 12 else (year, month + 1)
    return (
        f"CREATE TABLE submission_lines_y{year}m{month:02d} PARTITION OF submission_lines "
        f"FOR VALUES FROM ('{year}-{month:02d}') TO ('{upper[0]}-{upper[1]:02d}')"
    )


def _rename_aside() -> None:
    """The old table and its index names out of the way of the new table's."""
    op.execute(f"ALTER TABLE submission_lines RENAME TO {OLD}")
    for constraint in (
        "pk_submission_lines",
        "uq_submission_lines_employee_month",
        "fk_submission_lines_submission_id_submissions",
    ):
        op.execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT {constraint} TO {constraint}_old")
    op.execute("ALTER INDEX ix_submission_lines_ic RENAME TO ix_submission_lines_ic_old")


def _constraints(primary_key: str) -> None:
    op.execute(
        f"ALTER TABLE submission_lines ADD CONSTRAINT pk_submission_lines PRIMARY KEY ({primary_key})"
    )
    op.execute(
        "ALTER TABLE submission_lines ADD CONSTRAINT uq_submission_lines_employee_month "
        "UNIQUE (employer_code, month, ic)"
    )
    op.execute(
        "ALTER TABLE submission_lines ADD CONSTRAINT fk_submission_lines_submission_id_submissions "
        "FOREIGN KEY (submission_id) REFERENCES submissions (id)"
    )
    op.execute("CREATE INDEX ix_submission_lines_ic ON submission_lines (ic)")


def _move_rows() -> None:
    # The same sequence numbers the new table's lines; it must belong to the new table before
    # the old one is dropped (dropping a table drops the sequences it owns).
    op.execute("ALTER SEQUENCE submission_lines_id_seq OWNED BY submission_lines.id")
    op.execute(f"INSERT INTO submission_lines SELECT * FROM {OLD}")  # noqa: S608 (a constant)
    op.execute(f"DROP TABLE {OLD}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rename_aside()
    # LIKE keeps every column's type, nullability and default (the id's sequence) as they are.
    op.execute(
        f"CREATE TABLE submission_lines (LIKE {OLD} INCLUDING DEFAULTS) PARTITION BY RANGE (month)"
    )
    _constraints("id, month")
    for year, month in _months():
        op.execute(_partition(year, month))
    op.execute("CREATE TABLE submission_lines_default PARTITION OF submission_lines DEFAULT")
    _move_rows()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rename_aside()
    op.execute(f"CREATE TABLE submission_lines (LIKE {OLD} INCLUDING DEFAULTS)")
    _constraints("id")
    _move_rows()
