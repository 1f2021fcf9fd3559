"""The appeals service's tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.persistence.sqltypes import AwareDateTime


class Base(DeclarativeBase):
    metadata = new_metadata()


INFRA = define_infra_tables(Base.metadata)


class BoardMember(Base):
    __tablename__ = "board_members"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    board_code: Mapped[str] = mapped_column(String(3), index=True)
    name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(20))
    appointed_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    appointed_by: Mapped[str] = mapped_column(String(150))


class CaseCounter(Base):
    """The last case number issued per board and year."""

    __tablename__ = "case_counters"

    board_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(30), unique=True)
    board_code: Mapped[str] = mapped_column(String(3), index=True)
    state: Mapped[str] = mapped_column(String(3))
    appellant_kind: Mapped[str] = mapped_column(String(15))
    appellant_name: Mapped[str] = mapped_column(String(150))
    appellant_ic: Mapped[str | None] = mapped_column(String(12), index=True)
    appellant_employer_code: Mapped[str | None] = mapped_column(String(12), index=True)
    act: Mapped[str] = mapped_column(String(10))
    section: Mapped[str] = mapped_column(String(10))
    matter: Mapped[str] = mapped_column(Text)
    cause_of_action_date: Mapped[date] = mapped_column(Date)
    decision_event_id: Mapped[str | None] = mapped_column(String(36))
    representation: Mapped[str] = mapped_column(String(30))
    representative_name: Mapped[str | None] = mapped_column(String(150))
    board_permission_reference: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(15))
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    filed_on: Mapped[date] = mapped_column(Date)
    filed_at: Mapped[datetime] = mapped_column(AwareDateTime())
    filed_by: Mapped[str] = mapped_column(String(120))

    # The hearing-deadline check walks the open appeals by filing day.
    __table_args__ = (Index("ix_appeals_status_filed", "status", "filed_on", "id"),)


class Hearing(Base):
    __tablename__ = "hearings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appeal_id: Mapped[str] = mapped_column(ForeignKey("appeals.id"), index=True)
    board_code: Mapped[str] = mapped_column(String(3))
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime())
    ends_at: Mapped[datetime] = mapped_column(AwareDateTime())
    status: Mapped[str] = mapped_column(String(12))
    adjournment_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_hearings_board_time", "board_code", "starts_at"),)


class Document(Base):
    __tablename__ = "appeal_documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appeal_id: Mapped[str] = mapped_column(ForeignKey("appeals.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    submitted_by: Mapped[str] = mapped_column(String(120))


class AppealableDecision(Base):
    """Another service's decision, kept so an appeal can cite it by its event id."""

    __tablename__ = "appealable_decisions"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(80))
    # The person a decision concerns, by person_key (shared.kernel.person), never the IC.
    party_key: Mapped[str | None] = mapped_column(String(64), index=True)
    party_employer_code: Mapped[str | None] = mapped_column(String(12), index=True)
    decided_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
