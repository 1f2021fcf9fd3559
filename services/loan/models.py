"""The loan service's tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.persistence.sqltypes import AwareDateTime, JsonText, SenAmount


class Base(DeclarativeBase):
    metadata = new_metadata()


INFRA = define_infra_tables(Base.metadata)


class Sponsor(Base):
    """An insured person whose dependants may apply, and the benefit the dependant receives."""

    __tablename__ = "sponsors"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ic: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(150))
    condition: Mapped[str] = mapped_column(String(50))
    benefit: Mapped[str] = mapped_column(String(40))
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime())


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applicant_ic: Mapped[str] = mapped_column(String(12), index=True)
    applicant_name: Mapped[str] = mapped_column(String(150))
    sponsor_id: Mapped[str] = mapped_column(ForeignKey("sponsors.id"))
    level: Mapped[str] = mapped_column(String(25))
    institution: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(200))
    tuition_total: Mapped[Decimal] = mapped_column(SenAmount())
    facts: Mapped[str] = mapped_column(Text)
    documents: Mapped[list[str]] = mapped_column(JsonText())
    status: Mapped[str] = mapped_column(String(12))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(AwareDateTime())
    submitted_by: Mapped[str] = mapped_column(String(120))


class Loan(Base):
    __tablename__ = "loans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), unique=True)
    borrower_ic: Mapped[str] = mapped_column(String(12), index=True)
    level: Mapped[str] = mapped_column(String(25))
    approved_amount: Mapped[Decimal] = mapped_column(SenAmount())
    offer_accepted_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(15))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    disbursed_total: Mapped[Decimal] = mapped_column(SenAmount())
    final_disbursement_month: Mapped[date | None] = mapped_column(Date)
    repaid_total: Mapped[Decimal] = mapped_column(SenAmount())
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())

    # The missed-instalment check walks the loans being repaid by final disbursement month.
    __table_args__ = (
        Index("ix_loans_status_final_month", "status", "final_disbursement_month", "id"),
    )


class Guarantor(Base):
    __tablename__ = "guarantors"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    loan_id: Mapped[str] = mapped_column(ForeignKey("loans.id"), index=True)
    ic: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(150))
    witness: Mapped[str] = mapped_column(String(50))
    # Equal to `ic` while the guaranteed loan is open: one applicant at a time, across all loans.
    active_key: Mapped[str | None] = mapped_column(String(12), unique=True)
    added_at: Mapped[datetime] = mapped_column(AwareDateTime())


class Disbursement(Base):
    __tablename__ = "disbursements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    loan_id: Mapped[str] = mapped_column(ForeignKey("loans.id"), index=True)
    semester: Mapped[int] = mapped_column(Integer)
    tuition_to_institution: Mapped[Decimal] = mapped_column(SenAmount())
    allowance_to_student: Mapped[Decimal] = mapped_column(SenAmount())
    insurance_to_insurer: Mapped[Decimal] = mapped_column(SenAmount())
    total: Mapped[Decimal] = mapped_column(SenAmount())
    final: Mapped[bool] = mapped_column(Boolean)
    disbursed_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("loan_id", "semester", name="uq_disbursements_loan_semester"),
    )


class SemesterResult(Base):
    __tablename__ = "semester_results"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    loan_id: Mapped[str] = mapped_column(ForeignKey("loans.id"), index=True)
    semester: Mapped[int] = mapped_column(Integer)
    cgpa: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    final: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime())

    __table_args__ = (
        UniqueConstraint("loan_id", "semester", name="uq_semester_results_loan_semester"),
    )


class Counselling(Base):
    __tablename__ = "counselling_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    loan_id: Mapped[str] = mapped_column(ForeignKey("loans.id"), index=True)
    attended_on: Mapped[date] = mapped_column(Date)
    counsellor: Mapped[str] = mapped_column(String(150))


class Repayment(Base):
    __tablename__ = "repayments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    loan_id: Mapped[str | None] = mapped_column(String(36), index=True)
    source: Mapped[str] = mapped_column(String(10))
    bank_code: Mapped[str] = mapped_column(String(10))
    bank_txn_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    paid_at: Mapped[datetime] = mapped_column(AwareDateTime())
    response: Mapped[dict[str, Any]] = mapped_column(JsonText())

    __table_args__ = (UniqueConstraint("bank_code", "bank_txn_id", name="uq_repayments_bank_txn"),)
