"""The main reads `make bench-scale` times at each size, chosen so each asks for the same amount
of data at both sizes: a growth in its time is the data set's, not the answer's."""

from __future__ import annotations

from dataclasses import dataclass

from bench.scale_data import DataSet
from bench.scale_load import Loaded

# The statement's employer: the one whose workforce is nearest this, at either size.
STATEMENT_STAFF = 20


@dataclass(frozen=True)
class Read:
    name: str
    service: str  # which service answers it (the tests call that one directly)
    path: str
    through_gateway_only: bool = False


def main_reads(data: DataSet, loaded: Loaded) -> list[Read]:
    e = min(
        range(len(data.employers)),
        key=lambda i: (abs(len(data.employers[i].staff) - STATEMENT_STAFF), i),
    )
    employer = data.employers[e]
    person = employer.staff[0]
    words = " ".join(employer.name.split()[:2])
    return [
        Read(
            f"employer statement, {len(data.months)} months",
            "contribution",
            f"/v1/contributions/employers/{employer.code}/statement",
        ),
        Read(
            "person's summary (gateway fan-out)",
            "gateway",
            f"/v1/insured-persons/{person.ic}/summary",
            through_gateway_only=True,
        ),
        Read(
            "person's contributions",
            "contribution",
            f"/v1/contributions/insured-persons/{person.ic}",
        ),
        Read(
            "payments by status, a page",
            "contribution",
            "/v1/contributions/payments?status=unmatched&limit=50",
        ),
        Read(
            "approvals queue, a page",
            "contribution",
            "/v1/contributions/approvals?status=pending&limit=50",
        ),
        Read(
            "employer search by name",
            "contribution",
            f"/v1/contributions/employers?q={words.replace(' ', '%20')}&limit=50",
        ),
        Read("loan schedule", "loan", f"/v1/loans/{loaded.loan_ids[0]}/schedule"),
    ]
