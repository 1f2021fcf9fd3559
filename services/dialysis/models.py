"""The dialysis service's tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.kernel.money import ZERO
from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.persistence.sqltypes import AwareDateTime, JsonText, SenAmount


class Base(DeclarativeBase):
    metadata = new_metadata()


INFRA = define_infra_tables(Base.metadata)


class Centre(Base):
    __tablename__ = "centres"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(25))
    state: Mapped[str] = mapped_column(String(3))
    machines: Mapped[int] = mapped_column(Integer)
    shifts_per_day: Mapped[int] = mapped_column(Integer)
    panel_valid_from: Mapped[date | None] = mapped_column(Date)
    panel_valid_until: Mapped[date | None] = mapped_column(Date)
    registered_at: Mapped[datetime] = mapped_column(AwareDateTime())


class InsuredRecord(Base):
    """This service's own record of who is insured, kept from the contribution service's events."""

    __tablename__ = "insured_records"

    # The person by person_key (shared.kernel.person): the events name no IC.
    person_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    insured_since: Mapped[str] = mapped_column(String(7))
    last_contribution_month: Mapped[str] = mapped_column(String(7))
    last_payment_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class SubmissionPerson(Base):
    """Who a contribution submission covered, so its payment can be traced to people."""

    __tablename__ = "submission_persons"

    reference: Mapped[str] = mapped_column(String(40), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class Treatment(Base):
    __tablename__ = "treatments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ic: Mapped[str] = mapped_column(String(12), index=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.id"), index=True)
    diagnosis: Mapped[str] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(15))
    status: Mapped[str] = mapped_column(String(10))
    # Equal to `ic` while the treatment is requested or approved: a unique key, so one active per person.
    active_key: Mapped[str | None] = mapped_column(String(12), unique=True)
    override_reason: Mapped[str | None] = mapped_column(Text)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    approved_from: Mapped[date | None] = mapped_column(Date)
    approved_until: Mapped[date | None] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(120))
    requested_at: Mapped[datetime] = mapped_column(AwareDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    # The decision-deadline check walks the requests still waiting, oldest first.
    __table_args__ = (Index("ix_treatments_status_requested", "status", "requested_at", "id"),)


class Bill(Base):
    __tablename__ = "bills"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.id"), index=True)
    treatment_id: Mapped[str] = mapped_column(ForeignKey("treatments.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    submitted_at: Mapped[datetime] = mapped_column(AwareDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class BilledSession(Base):
    """One dialysis session paid for: the unique key is what stops a session being billed twice."""

    __tablename__ = "billed_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    treatment_id: Mapped[str] = mapped_column(ForeignKey("treatments.id"))
    session_date: Mapped[date] = mapped_column(Date)
    bill_id: Mapped[str | None] = mapped_column(String(36), index=True)
    claim_id: Mapped[str | None] = mapped_column(String(36), index=True)
    amount: Mapped[Decimal] = mapped_column(SenAmount())

    __table_args__ = (
        UniqueConstraint("treatment_id", "session_date", name="uq_billed_sessions_once"),
    )


class Claim(Base):
    """A patient's reimbursement claim or a support-item claim against an approved treatment."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    treatment_id: Mapped[str] = mapped_column(ForeignKey("treatments.id"), index=True)
    ic: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    service_date: Mapped[date] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer)
    claimed: Mapped[Decimal] = mapped_column(SenAmount())
    approved: Mapped[Decimal] = mapped_column(SenAmount())
    refused: Mapped[Decimal] = mapped_column(SenAmount())
    reasons: Mapped[list[str]] = mapped_column(JsonText())
    status: Mapped[str] = mapped_column(String(10))
    submitted_at: Mapped[datetime] = mapped_column(AwareDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # Paid so far: all that was approved, until an allowed appeal approves what was refused.
    paid_amount: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")


class Donation(Base):
    __tablename__ = "donations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.id"))
    machines: Mapped[int] = mapped_column(Integer)
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_on: Mapped[date] = mapped_column(Date)


class Grant(Base):
    __tablename__ = "grants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.id"))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_on: Mapped[date] = mapped_column(Date)


class WelfareNote(Base):
    __tablename__ = "welfare_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ic: Mapped[str] = mapped_column(String(12), index=True)
    note: Mapped[str] = mapped_column(Text)
    officer: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(AwareDateTime())
