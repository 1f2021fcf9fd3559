"""The contribution service's tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from services.contribution.domain.matching import SubmissionAccount
from shared.kernel.money import ZERO
from shared.persistence.db import new_metadata
from shared.persistence.infra_tables import define_infra_tables
from shared.persistence.sqltypes import AwareDateTime, JsonText, SenAmount


class Base(DeclarativeBase):
    metadata = new_metadata()


INFRA = define_infra_tables(Base.metadata)


class Employer(Base):
    __tablename__ = "employers"

    employer_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    state: Mapped[str] = mapped_column(String(3))
    mycoid: Mapped[str | None] = mapped_column(String(20))
    registered_at: Mapped[datetime] = mapped_column(AwareDateTime())
    address: Mapped[str | None] = mapped_column(String(300))


class Employee(Base):
    """The employer's registry: who works there, from when, until when. A month's line for
    someone who left before it began is refused."""

    __tablename__ = "employees"

    employer_code: Mapped[str] = mapped_column(
        ForeignKey("employers.employer_code"), primary_key=True
    )
    # The ID number: a MyKad's 12 digits, or a foreign worker's SOCSO number.
    ic: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    nationality: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(500))


class InsuredPerson(Base):
    """What the service knows of a person across employers: when they first contributed, and at what age."""

    __tablename__ = "insured_persons"

    # The person's ID number: a MyKad's 12 digits, or a foreign worker's SOCSO number.
    ic: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    first_contribution_month: Mapped[str] = mapped_column(String(7))
    # None for a SOCSO number: no birth date is on record (a foreign worker's pricing needs none).
    first_contribution_age: Mapped[int | None] = mapped_column(Integer)
    # As a submission last stated it; a text file carries none, so it is priced by this.
    nationality: Mapped[str | None] = mapped_column(String(20))


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    employer_code: Mapped[str] = mapped_column(ForeignKey("employers.employer_code"))
    month: Mapped[str] = mapped_column(String(7))
    due_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    created_by: Mapped[str] = mapped_column(String(120))
    socso_employer: Mapped[Decimal] = mapped_column(SenAmount())
    socso_employee: Mapped[Decimal] = mapped_column(SenAmount())
    eis_employer: Mapped[Decimal] = mapped_column(SenAmount())
    eis_employee: Mapped[Decimal] = mapped_column(SenAmount())
    skbbk_employee: Mapped[Decimal] = mapped_column(SenAmount())
    total: Mapped[Decimal] = mapped_column(SenAmount())
    # Every sen received on the reference; the part of it that settled late-payment interest.
    amount_paid: Mapped[Decimal] = mapped_column(SenAmount())
    interest_assessed: Mapped[Decimal] = mapped_column(
        SenAmount(), default=ZERO, server_default="0"
    )
    interest_paid: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    status: Mapped[str] = mapped_column(String(10))
    # Paid back to the employer out of this submission's credit.
    refunded: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    # Late-payment interest an officer waived (four eyes): assessed stays as it was.
    interest_waived: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    # Interest under appeal, and interest the Appellate Board cancelled (InterestDispute keeps each).
    interest_disputed: Mapped[Decimal] = mapped_column(
        SenAmount(), default=ZERO, server_default="0"
    )
    interest_cancelled: Mapped[Decimal] = mapped_column(
        SenAmount(), default=ZERO, server_default="0"
    )
    # 1 as accepted; each amendment (or the void) adds one (`amendments` keeps each).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @property
    def account(self) -> SubmissionAccount:
        return SubmissionAccount(
            total=self.total,
            paid=self.amount_paid,
            interest_assessed=self.interest_assessed,
            interest_paid=self.interest_paid,
            refunded=self.refunded,
            interest_waived=self.interest_waived,
            interest_disputed=self.interest_disputed,
            interest_cancelled=self.interest_cancelled,
        )

    lines: Mapped[list[SubmissionLine]] = relationship(
        back_populates="submission", order_by="SubmissionLine.line_no", lazy="raise"
    )
    warnings: Mapped[list[SubmissionWarning]] = relationship(
        order_by=lambda: [SubmissionWarning.line_no, SubmissionWarning.id], lazy="raise"
    )

    __table_args__ = (
        Index("ix_submissions_employer_month", "employer_code", "month"),
        # The overdue check walks only what is still owed, by due date: a small slice of the
        # submissions of half a million employers, however many months they have paid.
        Index(
            "ix_submissions_owed_due",
            "due_date",
            "id",
            postgresql_where=text("status IN ('unpaid', 'partial')"),
            sqlite_where=text("status IN ('unpaid', 'partial')"),
        ),
    )


class SubmissionLine(Base):
    __tablename__ = "submission_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    employer_code: Mapped[str] = mapped_column(String(12))
    month: Mapped[str] = mapped_column(String(7))
    # The text file's field 3: a MyKad's 12 digits, or a foreign worker's SOCSO number.
    ic: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(150))
    wage: Mapped[Decimal] = mapped_column(SenAmount())
    nationality: Mapped[str] = mapped_column(String(20))
    employment_type: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(6))
    eis: Mapped[bool] = mapped_column(Boolean)
    skbbk: Mapped[bool] = mapped_column(Boolean)
    overridden: Mapped[bool] = mapped_column(Boolean)
    socso_employer: Mapped[Decimal] = mapped_column(SenAmount())
    socso_employee: Mapped[Decimal] = mapped_column(SenAmount())
    eis_employer: Mapped[Decimal] = mapped_column(SenAmount())
    eis_employee: Mapped[Decimal] = mapped_column(SenAmount())
    skbbk_employee: Mapped[Decimal] = mapped_column(SenAmount())
    total: Mapped[Decimal] = mapped_column(SenAmount())
    reasons: Mapped[list[str]] = mapped_column(JsonText())

    submission: Mapped[Submission] = relationship(back_populates="lines", lazy="raise")

    # The law's own rule: one contribution per employee, employer and month, across submissions.
    __table_args__ = (
        UniqueConstraint("employer_code", "month", "ic", name="uq_submission_lines_employee_month"),
        Index("ix_submission_lines_ic", "ic"),
        # A submission's own lines (its GET, an amendment, a void): one range, in every month's
        # partition on PostgreSQL, instead of a scan of them all.
        Index("ix_submission_lines_submission", "submission_id", "line_no"),
    )


class SubmissionWarning(Base):
    """A line's warning (CONTRACT.md "Bulk returns"), kept so the submission's GET and a
    correction show what its answer showed; a line removed or changed takes its own with it."""

    __tablename__ = "submission_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    # The line's person: a MyKad's 12 digits, or a foreign worker's SOCSO number.
    ic: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(500))

    __table_args__ = (Index("ix_submission_warnings_submission", "submission_id", "line_no"),)


class Payment(Base):
    __tablename__ = "payments"

    payment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bank_code: Mapped[str] = mapped_column(String(10))
    bank_txn_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(64))
    submission_id: Mapped[str | None] = mapped_column(ForeignKey("submissions.id"))
    employer_code: Mapped[str | None] = mapped_column(String(12))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    applied_amount: Mapped[Decimal] = mapped_column(SenAmount())
    paid_at: Mapped[datetime] = mapped_column(AwareDateTime())
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    days_late: Mapped[int] = mapped_column(Integer)
    late_interest: Mapped[Decimal] = mapped_column(SenAmount())
    interest_settled: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    # Moved by officers to submissions since (all of an unmatched payment, an overpayment's excess).
    allocated_amount: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    response: Mapped[dict[str, Any]] = mapped_column(JsonText())
    # The late interest assessed on this payment under appeal: disputed, cancelled or restored.
    interest_status: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (
        UniqueConstraint("bank_code", "bank_txn_id", name="uq_payments_bank_txn"),
        Index("ix_payments_submission", "submission_id"),
        Index("ix_payments_status", "status"),
        Index("ix_payments_status_received", "status", "received_at", "payment_id"),
    )


class InterestDispute(Base):
    """An appeal against the late interest assessed on a payment, and how the Board settled it.

    Keyed by the assessment's event id (what the appeal cites), so the filing and the decision,
    in whichever order they arrive, act on one record, once."""

    __tablename__ = "interest_disputes"

    assessment_event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appeal_id: Mapped[str] = mapped_column(String(36))
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.payment_id"))
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    employer_code: Mapped[str] = mapped_column(String(12))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    status: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(20))
    # What the Board's cancellation gave back: interest already paid that met contributions.
    paid_back: Mapped[Decimal] = mapped_column(SenAmount(), default=ZERO, server_default="0")
    opened_at: Mapped[datetime] = mapped_column(AwareDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class Allocation(Base):
    """Money of a payment an officer applied to a submission (four eyes), and what it met there."""

    __tablename__ = "allocations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.payment_id"))
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    reference: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    applied_amount: Mapped[Decimal] = mapped_column(SenAmount())
    late_interest: Mapped[Decimal] = mapped_column(SenAmount())
    interest_settled: Mapped[Decimal] = mapped_column(SenAmount())
    days_late: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    allocated_at: Mapped[datetime] = mapped_column(AwareDateTime())
    allocated_by: Mapped[str] = mapped_column(String(120))
    requested_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        Index("ix_allocations_payment", "payment_id"),
        Index("ix_allocations_submission", "submission_id"),
    )


class Amendment(Base):
    """One correction of a submission: what changed, why, by whom, and the totals either side."""

    __tablename__ = "amendments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # amended | voided
    reason: Mapped[str] = mapped_column(String(500))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonText())  # added, removed, changed ids
    previous_total: Mapped[Decimal] = mapped_column(SenAmount())
    total: Mapped[Decimal] = mapped_column(SenAmount())
    amended_at: Mapped[datetime] = mapped_column(AwareDateTime())
    amended_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("submission_id", "version", name="uq_amendments_version"),)


class Reversal(Base):
    """A bank's reversal of a payment (a returned debit, a chargeback), kept to answer replays."""

    __tablename__ = "reversals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bank_code: Mapped[str] = mapped_column(String(10))
    bank_txn_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.payment_id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    reversed_at: Mapped[datetime] = mapped_column(AwareDateTime())
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    response: Mapped[dict[str, Any]] = mapped_column(JsonText())

    __table_args__ = (UniqueConstraint("bank_code", "bank_txn_id", name="uq_reversals_bank_txn"),)


class Refund(Base):
    """An employer's credit paid back (four eyes), and the submissions it was drawn from."""

    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employer_code: Mapped[str] = mapped_column(ForeignKey("employers.employer_code"))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    reason: Mapped[str] = mapped_column(String(500))
    drawn: Mapped[list[dict[str, str]]] = mapped_column(JsonText())  # [{reference, amount}]
    refunded_at: Mapped[datetime] = mapped_column(AwareDateTime())
    refunded_by: Mapped[str] = mapped_column(String(120))
    requested_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (Index("ix_refunds_employer", "employer_code"),)


class SelfEmployedRegistration(Base):
    """Act 789: a self-employed person and the plan chosen."""

    __tablename__ = "self_employed_registrations"

    ic: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    sector: Mapped[str] = mapped_column(String(60))
    plan: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(AwareDateTime())
    covered_until: Mapped[date | None] = mapped_column(Date)


class HousewifeRegistration(Base):
    """Act 838: a housewife, and the coverage her RM120 advance payments bought."""

    __tablename__ = "housewife_registrations"

    ic: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    spouse_ic: Mapped[str | None] = mapped_column(String(12))
    registered_at: Mapped[datetime] = mapped_column(AwareDateTime())
    covered_until: Mapped[date | None] = mapped_column(Date)


class SchemePayment(Base):
    """A contribution paid under Act 789 or Act 838 (not through an employer)."""

    __tablename__ = "scheme_payments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(12))
    ic: Mapped[str] = mapped_column(String(12))
    amount: Mapped[Decimal] = mapped_column(SenAmount())
    covers_from: Mapped[date] = mapped_column(Date)
    covers_until: Mapped[date] = mapped_column(Date)
    paid_at: Mapped[datetime] = mapped_column(AwareDateTime())
    recorded_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_scheme_payments_ic", "ic"),)


# The tables themselves, for Core INSERTs of many rows: the ORM's bulk path spent more per row on
# its own bookkeeping than the database did writing it (100,000-line text file, profiled).
SUBMISSION_LINES = cast(Table, SubmissionLine.__table__)
INSURED_PERSONS = cast(Table, InsuredPerson.__table__)
SUBMISSION_WARNINGS = cast(Table, SubmissionWarning.__table__)
