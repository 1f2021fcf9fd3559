"""Monthly partitions of `submission_lines` kept ahead of time on PostgreSQL, at each start.

The migration created the months up to 2028-12 and a DEFAULT partition; this keeps the next
`MONTHS_AHEAD` months created so a month's lines always land in their own partition (the default
takes them otherwise: still correct, no longer pruned). A start is often enough: a month cannot
be submitted before it begins, so two years ahead outlasts any uptime. Two replicas starting
together serialise on an advisory lock; a start never waits long behind a busy table (the lock
timeout) and never fails for this: the next start tries again.
"""

from __future__ import annotations

from datetime import date

import structlog
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.contribution.domain.months import ContributionMonth

log = structlog.get_logger(__name__)

MONTHS_AHEAD = 24
LOCK_KEY = 0x5375_626C  # the service's one advisory lock in its own database


def partition_of(month: ContributionMonth) -> str:
    """The month's partition, named as the migration names them."""
    return f"submission_lines_y{month.year}m{month.month:02d}"


def _create(month: ContributionMonth) -> str:
    after = month.next()
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_of(month)} PARTITION OF submission_lines "
        f"FOR VALUES FROM ('{month}') TO ('{after}')"
    )


async def keep_months_ahead(engine: AsyncEngine, today: date, ahead: int = MONTHS_AHEAD) -> None:
    if engine.dialect.name != "postgresql":
        return
    month = ContributionMonth(today.year, today.month)
    wanted = [month]
    for _ in range(ahead):
        wanted.append(wanted[-1].next())
    try:
        async with engine.begin() as connection:
            await connection.execute(text("SET LOCAL lock_timeout = '5s'"))
            await connection.execute(text(f"SELECT pg_advisory_xact_lock({LOCK_KEY})"))
            existing = set(
                (
                    await connection.execute(
                        text(
                            "SELECT c.relname FROM pg_inherits i "
                            "JOIN pg_class c ON c.oid = i.inhrelid "
                            "WHERE i.inhparent = 'submission_lines'::regclass"
                        )
                    )
                ).scalars()
            )
            missing = [m for m in wanted if partition_of(m) not in existing]
            for m in missing:
                await connection.execute(text(_create(m)))
    except DBAPIError as exc:
        log.warning("partitions.not_kept_ahead", error=str(exc)[:200])
        return
    if missing:
        log.info("partitions.created", months=[str(m) for m in missing])
