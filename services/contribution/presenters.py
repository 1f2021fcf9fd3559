"""Turning stored aggregates into API responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from services.contribution.domain.bulk_returns import LineWarning
from services.contribution.models import Employee, Payment, Submission, SubmissionLine
from services.contribution.schemas import (
    EmployeeOut,
    InsuredContributionsOut,
    OverdueOut,
    OverdueSubmissionOut,
    PaymentsReceivedOut,
    QueuedPaymentOut,
    ReceivedPaymentOut,
    StatementOut,
    StatementPaymentOut,
    StatementSubmissionOut,
    StatementTotalsOut,
    SubmissionSummaryOut,
)
from services.contribution.usecases.reconciliation import QueuedPayment
from services.contribution.usecases.statements import PersonRecord, Statement
from services.contribution.usecases.submissions import Arrears
from shared.kernel.money import format_money as money
from shared.kernel.person_id import IdKind, id_kind
from shared.web.pagination import page_after

LINE_COLUMNS = tuple(column.key for column in SubmissionLine.__table__.columns)


def line_fields(line: SubmissionLine) -> dict[str, Any]:
    """A stored line as the plain row `present_submission` takes."""
    return {name: getattr(line, name) for name in LINE_COLUMNS}


def _named(person_id: str) -> dict[str, str | None]:
    """A line's person as `ic` or, for a foreign worker, `socso_number` (the other null)."""
    if id_kind(person_id) is IdKind.MYKAD:
        return {"ic": person_id, "socso_number": None}
    return {"ic": None, "socso_number": person_id}


def warnings_out(warnings: Iterable[LineWarning]) -> list[dict[str, Any]]:
    """A return's warnings as `LineWarningOut` documents: the person named as its line names them."""
    return [
        {"line": w.line, **_named(w.person_id), "code": w.code, "message": w.message}
        for w in warnings
    ]


def present_submission(
    submission: Submission,
    lines: Iterable[Mapping[str, Any]],
    warnings: Iterable[LineWarning] = (),
) -> dict[str, Any]:
    """A `SubmissionOut` document, ready for JSON.

    Built directly rather than validated into the model: every amount is already a Decimal from
    our own pricing or the database, and validating 10,000 lines' amounts again cost as much as
    pricing them (measured). Lines are plain rows, so a submission just accepted is presented
    from the rows it inserted. The tests hold the document to `SubmissionOut`.
    """
    return {
        "submission_id": submission.id,
        "reference": submission.reference,
        "version": submission.version or 1,
        "employer_code": submission.employer_code,
        "month": submission.month,
        "due_date": submission.due_date.isoformat(),
        "status": submission.status,
        "totals": {
            "socso_employer": money(submission.socso_employer),
            "socso_employee": money(submission.socso_employee),
            "eis_employer": money(submission.eis_employer),
            "eis_employee": money(submission.eis_employee),
            "skbbk_employee": money(submission.skbbk_employee),
            "total": money(submission.total),
        },
        "amount_paid": money(submission.amount_paid),
        "outstanding": money(submission.account.outstanding),
        "interest_owed": money(submission.account.interest_owed),
        "lines": [
            {
                "line_no": line["line_no"],
                **_named(line["ic"]),
                "name": line["name"],
                "wage": money(line["wage"]),
                "nationality": line["nationality"],
                "category": line["category"],
                "eis": line["eis"],
                "skbbk": line["skbbk"],
                "overridden": line["overridden"],
                "socso": {
                    "employer": money(line["socso_employer"]),
                    "employee": money(line["socso_employee"]),
                    "total": money(line["socso_employer"] + line["socso_employee"]),
                },
                "eis_amounts": {
                    "employer": money(line["eis_employer"]),
                    "employee": money(line["eis_employee"]),
                    "total": money(line["eis_employer"] + line["eis_employee"]),
                }
                if line["eis"]
                else None,
                "skbbk_employee": money(line["skbbk_employee"]),
                "total": money(line["total"]),
                "reasons": line["reasons"],
            }
            for line in lines
        ],
        "warnings": warnings_out(warnings),
    }


def statement_out(statement: Statement) -> StatementOut:
    totals = statement.totals
    return StatementOut(
        employer_code=statement.employer.employer_code,
        name=statement.employer.name,
        as_of=statement.as_of,
        submissions=[
            StatementSubmissionOut(
                reference=line.submission.reference,
                month=line.submission.month,
                due_date=line.submission.due_date,
                total=line.submission.total,
                paid=line.submission.amount_paid,
                outstanding=line.outstanding,
                status=line.submission.status,
                late_interest_assessed=line.late_interest_assessed,
                interest_paid=line.interest_paid,
                interest_owed=line.interest_owed,
                interest_disputed=line.interest_disputed,
                interest_cancelled=line.submission.interest_cancelled,
                days_overdue=line.days_overdue,
                interest_accruing=line.interest_accruing,
                credit=line.credit,
            )
            for line in statement.lines
        ],
        payments=[
            StatementPaymentOut.model_validate(p, from_attributes=True) for p in statement.payments
        ],
        unmatched_payments=[
            StatementPaymentOut.model_validate(p, from_attributes=True)
            for p in statement.unmatched.payments
        ],
        unmatched_count=statement.unmatched.count,
        unmatched_amount=statement.unmatched.amount,
        totals=StatementTotalsOut(
            contributions=totals.contributions,
            paid=totals.paid,
            outstanding=totals.outstanding,
            late_interest_assessed=totals.late_interest_assessed,
            interest_paid=totals.interest_paid,
            interest_owed=totals.interest_owed,
            amount_due=totals.amount_due,
            interest_accruing=totals.interest_accruing,
            credit_balance=totals.credit_balance,
            refunded=totals.refunded,
            interest_waived=totals.interest_waived,
            interest_disputed=totals.interest_disputed,
            interest_cancelled=totals.interest_cancelled,
        ),
    )


def person_out(record: PersonRecord) -> InsuredContributionsOut:
    person, self_employed, housewife = record.person, record.self_employed, record.housewife
    return InsuredContributionsOut(
        ic=record.ic,
        name=record.name,
        first_contribution_month=person.first_contribution_month if person else None,
        months=[
            {
                "month": line.month,
                "employer_code": line.employer_code,
                "category": line.category,
                "eis": line.eis,
                "wage": money(line.wage),
                "total": money(line.total),
            }
            for line in record.lines
        ],
        self_employed={
            "plan": self_employed.plan,
            "sector": self_employed.sector,
            "covered_until": self_employed.covered_until.isoformat()
            if self_employed.covered_until
            else None,
        }
        if self_employed
        else None,
        housewife={
            "covered_until": housewife.covered_until.isoformat()
            if housewife.covered_until
            else None,
        }
        if housewife
        else None,
    )


def overdue_out(as_of: date, found: Arrears, limit: int) -> OverdueOut:
    page = page_after(
        [
            OverdueSubmissionOut(
                reference=o.submission.reference,
                employer_code=o.submission.employer_code,
                month=o.submission.month,
                due_date=o.submission.due_date,
                outstanding=o.outstanding,
                days_overdue=o.days_overdue,
                interest_accruing=o.interest_accruing,
            )
            for o in found.page
        ],
        found.rows,
        limit,
        lambda s: (s.due_date.isoformat(), s.id),
    )
    return OverdueOut(
        as_of=as_of,
        count=found.count,
        outstanding=found.outstanding,
        items=page.items,
        next_cursor=page.next_cursor,
    )


def payments_received_out(
    since: date, payments: Sequence[Payment], count: int, total: Decimal
) -> PaymentsReceivedOut:
    return PaymentsReceivedOut(
        since=since,
        count=count,
        total=total,
        payments=[ReceivedPaymentOut.model_validate(p, from_attributes=True) for p in payments],
    )


def queued_payment_out(queued: QueuedPayment) -> QueuedPaymentOut:
    p = queued.payment
    return QueuedPaymentOut(
        payment_id=p.payment_id,
        bank_code=p.bank_code,
        bank_txn_id=p.bank_txn_id,
        reference=p.reference,
        employer_code=p.employer_code,
        status=p.status,
        amount=p.amount,
        applied=p.applied_amount,
        interest_settled=p.interest_settled,
        allocated=p.allocated_amount,
        left_to_allocate=queued.left,
        paid_at=p.paid_at,
        received_at=p.received_at,
    )


def employee_out(employee: Employee) -> EmployeeOut:
    return EmployeeOut(
        ic=employee.ic,
        id_kind=id_kind(employee.ic).value,
        name=employee.name,
        nationality=employee.nationality,
        started_on=employee.started_on,
        ended_on=employee.ended_on,
        end_reason=employee.end_reason,
    )


def submission_summary_out(s: Submission) -> SubmissionSummaryOut:
    account = s.account
    return SubmissionSummaryOut(
        submission_id=s.id,
        reference=s.reference,
        employer_code=s.employer_code,
        month=s.month,
        version=s.version or 1,
        status=s.status,
        due_date=s.due_date,
        total=s.total,
        amount_paid=s.amount_paid,
        outstanding=account.outstanding,
        credit=account.credit,
    )
