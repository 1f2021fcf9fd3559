"""A return's warnings (CONTRACT.md "Bulk returns"): what they need looked up for all its
people at once, judged by the domain line by line, and kept with the submission."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.contribution.domain.bulk_returns import LineWarning, WageLine, line_warnings
from services.contribution.domain.months import ContributionMonth
from services.contribution.models import Submission
from services.contribution.repository import ContributionUnitOfWork


@dataclass(frozen=True)
class ReturnLookups:
    """Last month's wages at this employer and this month's other employers, of every person
    of a return, read before its lines are priced: two queries a chunk of people, whatever the
    number of lines."""

    month: ContributionMonth
    previous_wages: Mapping[str, Decimal]
    other_employers: Mapping[str, Sequence[str]]

    def warnings(self, rows: Iterable[Mapping[str, Any]]) -> list[LineWarning]:
        """The warnings of priced lines, as rows of `submission_lines` (numbered, with wage)."""
        return line_warnings(
            (WageLine(row["line_no"], row["ic"], row["wage"]) for row in rows),
            month=self.month,
            previous_wages=self.previous_wages,
            other_employers=self.other_employers,
        )


async def look_up(
    uow: ContributionUnitOfWork,
    employer_code: str,
    month: ContributionMonth,
    person_ids: Sequence[str],
) -> ReturnLookups:
    return ReturnLookups(
        month=month,
        previous_wages=await uow.submissions.wages_at(
            employer_code, str(month.previous()), person_ids
        ),
        other_employers=await uow.submissions.other_employers(
            employer_code, str(month), person_ids
        ),
    )


async def keep(
    uow: ContributionUnitOfWork, submission: Submission, warnings: Sequence[LineWarning]
) -> None:
    """Stored with the submission, so its GET and a text-file job's report say it again."""
    await uow.submissions.insert_warnings(
        [
            {
                "submission_id": submission.id,
                "line_no": w.line,
                "ic": w.person_id,
                "code": w.code,
                "message": w.message,
            }
            for w in warnings
        ]
    )


def stored(submission: Submission) -> list[LineWarning]:
    """A submission's kept warnings (loaded with it: `with_warnings`), in line order."""
    return [LineWarning(w.line_no, w.ic, w.code, w.message) for w in submission.warnings]
