"""The tables every service carries for reliable messaging and idempotency, added to its own MetaData.

They are created by each service's Alembic history (never at run time).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from shared.persistence.sqltypes import AwareDateTime, SenAmount

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL wants a BIGINT for the outbox.
AutoId = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class InfraTables:
    outbox: Table
    inbox: Table
    idempotency: Table
    approvals: Table
    record_events: Table
    dead_letters: Table
    deadline_breaches: Table


def define_infra_tables(metadata: MetaData) -> InfraTables:
    """Define outbox, inbox and idempotency-key tables on a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("position", AutoId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(120), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", AwareDateTime(), nullable=False),
        Column("published_at", AwareDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
    )
    # The relay only ever scans unpublished rows; a partial index keeps that scan tiny.
    Index(
        "ix_outbox_unpublished",
        outbox.c.position,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(120), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(120), nullable=False),
        Column("handled_at", AwareDateTime(), nullable=False),
        # Where the event sits in its stream, so a replay from an event id starts there at once
        # (JetStream keeps no index by message id). Null for events handled before it was kept.
        Column("stream_sequence", BigInteger, nullable=True),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("client_id", String(120), nullable=False),
        Column("key", String(255), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("state", String(16), nullable=False),
        Column("status_code", Integer, nullable=True),
        Column("content_type", String(120), nullable=True),
        Column("body", LargeBinary, nullable=True),
        Column("created_at", AwareDateTime(), nullable=False),
        Column("locked_until", AwareDateTime(), nullable=False),
        PrimaryKeyConstraint("client_id", "key"),
    )
    Index("ix_idempotency_keys_created_at", idempotency.c.created_at)
    approvals = define_approvals_table(metadata)
    return InfraTables(
        outbox=outbox,
        inbox=inbox,
        idempotency=idempotency,
        approvals=approvals,
        record_events=define_record_events_table(metadata),
        dead_letters=define_dead_letters_table(metadata),
        deadline_breaches=define_deadline_breaches_table(metadata),
    )


def define_deadline_breaches_table(metadata: MetaData) -> Table:
    """Each deadline breach raised (shared.persistence.deadlines): its key is the unique key, so a
    breach is raised once however many replicas look, and whatever restarts between."""
    return Table(
        "deadline_breaches",
        metadata,
        Column("kind", String(80), nullable=False),
        Column("record_key", String(100), nullable=False),
        # The rule's step (a loan instalment's 30, 60 or 90 days); 0 for a one-step rule.
        Column("level", Integer, nullable=False),
        Column("breached_on", Date, nullable=False),
        Column("raised_at", AwareDateTime(), nullable=False),
        Column("event_id", String(36), nullable=False),
        PrimaryKeyConstraint("kind", "record_key", "level"),
    )


def define_record_events_table(metadata: MetaData) -> Table:
    """Which outbox events make up each record's history: its own (the subject) and those of
    other records that concern it. Keyed by record first, so a history is one index range."""
    return Table(
        "record_events",
        metadata,
        Column("record_key", String(64), nullable=False),
        Column("event_id", String(36), nullable=False),
        PrimaryKeyConstraint("record_key", "event_id"),
    )


def define_approvals_table(metadata: MetaData) -> Table:
    """Four eyes (shared.web.four_eyes): an officer's request, held until another decides it.

    `command` is the request's validated input, so the approval runs exactly what was asked.
    """
    approvals = Table(
        "approvals",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("action", String(80), nullable=False),
        Column("record_key", String(64), nullable=False),
        Column("status", String(10), nullable=False),
        Column("requested_by", String(120), nullable=False),
        Column("requested_at", AwareDateTime(), nullable=False),
        Column("summary", String(300), nullable=False),
        Column("amount", SenAmount(), nullable=True),
        Column("command", Text, nullable=False),
        Column("decided_by", String(120), nullable=True),
        Column("decided_at", AwareDateTime(), nullable=True),
        Column("reason", Text, nullable=True),
    )
    # The queue a page at a time (oldest first), and a record's own waiting requests.
    Index(
        "ix_approvals_status_requested",
        approvals.c.status,
        approvals.c.requested_at,
        approvals.c.id,
    )
    Index("ix_approvals_record_status", approvals.c.record_key, approvals.c.status)
    return approvals


def define_dead_letters_table(metadata: MetaData) -> Table:
    """Events a durable consumer gave up on after `CONSUMER_MAX_DELIVERIES` failures, parked so
    the stream behind them keeps flowing; `payload` is the envelope as it was delivered, so a
    retry runs the handler on exactly that (shared.messaging.dead_letters)."""
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("consumer", String(120), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(120), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("last_error", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("parked_at", AwareDateTime(), nullable=False),
        Column("stream_sequence", BigInteger, nullable=True),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    # A consumer's list, oldest first, a page at a time.
    Index(
        "ix_dead_letters_consumer_parked",
        dead_letters.c.consumer,
        dead_letters.c.parked_at,
        dead_letters.c.event_id,
    )
    return dead_letters
