"""A stored submission rendered as the PERKESO text file (CRLF line ends, ASCII)."""

from __future__ import annotations

from services.contribution.models import Employer, Submission
from services.contribution.textfile.layouts import (
    COMBINED_V1,
    COMBINED_V2,
    EIS_ONLY,
    SOCSO_ONLY,
    Layout,
)
from services.contribution.textfile.records import ascii_name, render
from shared.kernel.errors import InvalidInput, Violation
from shared.kernel.i18n import msg


def _layout(file_format: str, version: str) -> Layout:
    if file_format == "combined":
        if version not in ("1.0", "2.0"):
            raise InvalidInput(
                msg("Unknown version"),
                violations=[Violation(field="version", message=msg("1.0 or 2.0"))],
            )
        return COMBINED_V1 if version == "1.0" else COMBINED_V2
    if file_format == "socso":
        return SOCSO_ONLY
    if file_format == "eis":
        return EIS_ONLY
    raise InvalidInput(
        msg("Unknown format"),
        violations=[Violation(field="format", message=msg("combined, socso or eis"))],
    )


def export_submission(
    submission: Submission, employer: Employer, *, file_format: str, version: str
) -> bytes:
    layout = _layout(file_format, version)
    month = submission.month[5:] + submission.month[:4]
    lines = []
    for line in submission.lines:
        values: dict[str, object] = {
            "employer_code": employer.employer_code,
            "mycoid": employer.mycoid or "",
            "id_number": line.ic,
            "name": ascii_name(line.name),
            "month": month,
            "wage": line.wage,
            "socso_employer": line.socso_employer,
            "socso_employee": line.socso_employee,
            "eis_employer": line.eis_employer,
            "eis_employee": line.eis_employee,
            "skbbk_employee": line.skbbk_employee,
            "amount": (line.socso_employer + line.socso_employee)
            if layout is SOCSO_ONLY
            else (line.eis_employer + line.eis_employee),
            "employment_date": "",
            "employment_status": "",
        }
        lines.append(render(values, layout))  # type: ignore[arg-type]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")
