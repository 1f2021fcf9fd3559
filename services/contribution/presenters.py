"""Turning stored aggregates into API responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.contribution.models import Submission, SubmissionLine
from shared.kernel import jsonutil
from shared.kernel.money import ZERO
from shared.kernel.money import format_money as money

LINE_COLUMNS = tuple(column.key for column in SubmissionLine.__table__.columns)


def line_fields(line: SubmissionLine) -> dict[str, Any]:
    """A stored line as the plain row `present_submission` takes."""
    return {name: getattr(line, name) for name in LINE_COLUMNS}


def present_submission(
    submission: Submission, lines: Iterable[Mapping[str, Any]]
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
        "outstanding": money(max(submission.total - submission.amount_paid, ZERO)),
        "lines": [
            {
                "line_no": line["line_no"],
                "ic": line["ic"],
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
                "reasons": jsonutil.loads(line["reasons"]),
            }
            for line in lines
        ],
    }
