"""Turning stored aggregates into API responses."""

from __future__ import annotations

from services.contribution.models import Submission
from services.contribution.schemas import SubmissionOut
from shared import jsonutil
from shared.money import ZERO


def present_submission(submission: Submission) -> SubmissionOut:
    return SubmissionOut.model_validate(
        {
            "submission_id": submission.id,
            "reference": submission.reference,
            "employer_code": submission.employer_code,
            "month": submission.month,
            "due_date": submission.due_date,
            "status": submission.status,
            "totals": {
                "socso_employer": submission.socso_employer,
                "socso_employee": submission.socso_employee,
                "eis_employer": submission.eis_employer,
                "eis_employee": submission.eis_employee,
                "skbbk_employee": submission.skbbk_employee,
                "total": submission.total,
            },
            "amount_paid": submission.amount_paid,
            "outstanding": max(submission.total - submission.amount_paid, ZERO),
            "lines": [
                {
                    "line_no": line.line_no,
                    "ic": line.ic,
                    "name": line.name,
                    "wage": line.wage,
                    "nationality": line.nationality,
                    "category": line.category,
                    "eis": line.eis,
                    "skbbk": line.skbbk,
                    "overridden": line.overridden,
                    "socso": {
                        "employer": line.socso_employer,
                        "employee": line.socso_employee,
                        "total": line.socso_employer + line.socso_employee,
                    },
                    "eis_amounts": {
                        "employer": line.eis_employer,
                        "employee": line.eis_employee,
                        "total": line.eis_employer + line.eis_employee,
                    }
                    if line.eis
                    else None,
                    "skbbk_employee": line.skbbk_employee,
                    "total": line.total,
                    "reasons": jsonutil.loads(line.reasons),
                }
                for line in submission.lines
            ],
        }
    )
