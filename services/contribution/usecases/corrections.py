"""Corrections (CONTRACT.md "Corrections"): a submission amended (lines added, removed, wages
changed) to a new version, or voided before anything was paid. Once paid, the difference is
simply what the account now shows: outstanding if the month owes more, credit if less; late
interest then accrues on what is outstanding from the due date, as for any month."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.bulk_returns import LineWarning
from services.contribution.domain.lifecycle import (
    SubmissionStatus,
    ensure_not_voided,
    submission_after_amendment,
)
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.pricing import AMOUNT_NAMES, Amounts, LinePricer, PricedLine
from services.contribution.domain.schedules import schedule_in_force
from services.contribution.events import (
    InsuredLine,
    SubmissionAmended,
    SubmissionVoided,
)
from services.contribution.models import Amendment, InsuredPerson, Submission, SubmissionLine
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import AmendmentIn
from services.contribution.usecases import bulk_returns
from services.contribution.usecases.employees import ensure_still_employed
from services.contribution.usecases.submissions import (
    AcceptedSubmission,
    line_rows,
    month_in_force,
    remember_persons,
)
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.person_id import mask_person_id
from shared.web.auth import Principal


@dataclass(frozen=True, slots=True)
class StoredLine:
    """A recorded line with a new wage, priced again with the facts it was priced by (an
    officer's override of category and EIS kept)."""

    person_id: str
    name: str
    wage: Decimal
    nationality: str | None
    employment_type: str
    skbbk_opt_out: bool
    category: str | None
    eis: bool | None
    ids_given: int = 1


async def _locked(uow: ContributionUnitOfWork, employer_code: str, reference: str) -> Submission:
    submission = await uow.submissions.by_reference(
        reference, for_update=True, with_lines=True, with_warnings=True
    )
    if submission is None or submission.employer_code != employer_code:
        raise NotFound(msg("Submission {reference} not found", reference=reference))
    ensure_not_voided(SubmissionStatus(submission.status), reference)
    return submission


def _problems_of(changes: AmendmentIn, lines: dict[str, SubmissionLine]) -> list[Violation]:
    problems = [
        Violation(
            field=f"remove[{i}]", code="not-on-submission", message=msg("no line for this ID")
        )
        for i, person in enumerate(changes.remove)
        if person not in lines
    ]
    problems += [
        Violation(
            field=f"change[{i}].ic", code="not-on-submission", message=msg("no line for this ID")
        )
        for i, c in enumerate(changes.change)
        if c.ic not in lines or c.ic in changes.remove
    ]
    if not (changes.add or changes.remove or changes.change):
        problems.append(
            Violation(
                field="body", code="nothing-to-amend", message=msg("add, remove or change a line")
            )
        )
    return problems


async def amend(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    reference: str,
    changes: AmendmentIn,
) -> AcceptedSubmission:
    """The submission's new version: every line as it now stands, priced from the schedules;
    the lines added or changed warned of as a submission's are."""
    access.ensure_may_act_for_employer(principal, employer_code, write=True)
    async with uow:
        submission = await _locked(uow, employer_code, reference)
        lines = {line.ic: line for line in submission.lines}
        problems = _problems_of(changes, lines)
        if problems:
            raise RuleViolated(msg("The amendment cannot be made"), violations=problems)
        added_ids = [line.person_id for line in changes.add]
        month = ContributionMonth.parse(submission.month)
        await _ensure_newcomers(uow, submission, changes, set(lines), month)
        known = await uow.persons.known(added_ids)
        priced_added, priced_changed = _priced(changes, lines, month, known, principal)
        gone = set(changes.remove) | {c.ic for c in changes.change}
        await uow.submissions.delete_lines(submission.id, sorted(gone))
        rows = line_rows(submission, priced_added + priced_changed)
        next_no = max((line.line_no for line in submission.lines), default=0)
        for number, row in enumerate(rows, start=next_no + 1):
            row["line_no"] = number  # after the lines already there
        await uow.submissions.insert_lines(rows)
        warnings = await _warnings_after(uow, submission, month, gone, rows)
        kept = [line for line in submission.lines if line.ic not in gone]
        previous_total = submission.total
        _set_totals(submission, Amounts.none().plus([_amounts(line) for line in kept]).plus(rows))
        await remember_persons(uow, changes.add, known, month)
        amendment = _amendment(
            uow,
            submission,
            kind="amended",
            reason=changes.reason,
            previous_total=previous_total,
            changes={
                "added": [mask_person_id(p) for p in added_ids],
                "removed": [mask_person_id(p) for p in changes.remove],
                "changed": [mask_person_id(c.ic) for c in changes.change],
            },
        )
        uow.record(_amended(uow, submission, amendment, changes, priced_added))
        await uow.commit()
        return AcceptedSubmission(submission, [_row(line) for line in kept] + rows, warnings)


async def _warnings_after(
    uow: ContributionUnitOfWork,
    submission: Submission,
    month: ContributionMonth,
    gone: set[str],
    rows: list[dict[str, object]],
) -> list[LineWarning]:
    """The warnings the submission now stands with: those of the lines kept as they were, and
    the new lines' own, looked up for all of them at once (the old lines' go with them)."""
    await uow.submissions.delete_warnings(submission.id, sorted(gone))
    lookups = await bulk_returns.look_up(
        uow, submission.employer_code, month, [str(row["ic"]) for row in rows]
    )
    new = lookups.warnings(rows)
    await bulk_returns.keep(uow, submission, new)
    kept = [w for w in bulk_returns.stored(submission) if w.person_id not in gone]
    return sorted(kept + new, key=lambda w: w.line)


async def _ensure_newcomers(
    uow: ContributionUnitOfWork,
    submission: Submission,
    changes: AmendmentIn,
    present: set[str],
    month: ContributionMonth,
) -> None:
    """Someone added is not already on this month (here or on another return), nor gone."""
    added = [line.person_id for line in changes.add]
    elsewhere = await uow.submissions.ics_already_submitted(
        submission.employer_code, submission.month, added
    )
    twice = sorted(set(added) & (elsewhere | (present - set(changes.remove))))
    if twice:
        raise Conflict(
            msg(
                "{count} employee(s) already have a contribution for {month}",
                count=len(twice),
                month=submission.month,
            ),
            extra={"ics": [mask_person_id(p) for p in twice]},
        )
    if await uow.employees.kept_by(submission.employer_code):
        await ensure_still_employed(
            uow, submission.employer_code, added, month.first_day, field="add"
        )


def _priced(
    changes: AmendmentIn,
    lines: dict[str, SubmissionLine],
    month: ContributionMonth,
    known: Mapping[str, InsuredPerson],
    principal: Principal,
) -> tuple[list[PricedLine], list[PricedLine]]:
    """The added lines priced as a submission's; the changed ones with the decisions they were
    priced by, an officer's override included. Every problem at once, named add[i]/change[i]."""
    adding = LinePricer(
        month=month,
        first_ages={k: p.first_contribution_age for k, p in known.items()},
        nationalities={k: p.nationality for k, p in known.items() if p.nationality},
        may_override=access.may_override_coverage(principal),
        who=principal.client_id,
    )
    repricing = LinePricer(month=month, first_ages={}, may_override=True, who=principal.client_id)
    skbbk_in_force = schedule_in_force("skbbk", month) is not None
    with month_in_force(month):
        added = adding.price(changes.add, first_index=0)
        changed = repricing.price(
            [_stored(lines[c.ic], c.wage, skbbk_in_force) for c in changes.change],
            first_index=0,
        )
    if adding.problems or repricing.problems:
        raise RuleViolated(
            msg("Some lines cannot be accepted"),
            violations=[_renamed(v, "add") for v in adding.problems]
            + [_renamed(v, "change") for v in repricing.problems],
        )
    return added, changed


def _amended(
    uow: ContributionUnitOfWork,
    submission: Submission,
    amendment: Amendment,
    changes: AmendmentIn,
    added: list[PricedLine],
) -> SubmissionAmended:
    account = submission.account
    return SubmissionAmended(
        reference=submission.reference,
        submission_id=submission.id,
        employer_code=submission.employer_code,
        month=submission.month,
        version=amendment.version,
        previous_total=amendment.previous_total,
        total=submission.total,
        outstanding=account.outstanding,
        credit=account.credit,
        added=[
            InsuredLine(
                person_key=uow.person_key(p.line.person_id),
                ic_masked=mask_person_id(p.line.person_id),
                category=p.category.value,
                eis=p.eis,
            )
            for p in added
        ],
        removed=[uow.person_key(p) for p in changes.remove],
        changed=[uow.person_key(c.ic) for c in changes.change],
        reason=changes.reason,
    )


async def void(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    reference: str,
    reason: str,
) -> Submission:
    """An unpaid submission voided by an officer: its lines are freed (the month may be
    submitted again), its totals zero, its history kept."""
    access.ensure_officer(principal)
    async with uow:
        submission = await _locked(uow, employer_code, reference)
        if submission.amount_paid != 0:
            raise Conflict(
                msg(
                    "Submission {reference} has payments; amend it, or reverse the payments first",
                    reference=reference,
                )
            )
        people = [line.ic for line in submission.lines]
        previous_total = submission.total
        await uow.submissions.delete_lines(submission.id, people)
        await uow.submissions.delete_warnings(submission.id, people)
        _set_totals(submission, Amounts.none())
        submission.status = SubmissionStatus.VOIDED.value
        _amendment(
            uow,
            submission,
            kind="voided",
            reason=reason,
            previous_total=previous_total,
            changes={"removed": [mask_person_id(p) for p in people]},
        )
        uow.record(
            SubmissionVoided(
                reference=reference,
                submission_id=submission.id,
                employer_code=employer_code,
                month=submission.month,
                previous_total=previous_total,
                removed=[uow.person_key(p) for p in people],
                reason=reason,
            )
        )
        await uow.commit()
        return submission


def _stored(line: SubmissionLine, wage: Decimal, skbbk_in_force: bool) -> StoredLine:
    return StoredLine(
        person_id=line.ic,
        name=line.name,
        wage=wage,
        nationality=line.nationality,
        employment_type=line.employment_type,
        skbbk_opt_out=skbbk_in_force and not line.skbbk,
        category=line.category if line.overridden else None,
        eis=line.eis if line.overridden else None,
    )


def _renamed(violation: Violation, part: str) -> Violation:
    """The pricer names `lines[i]`; an amendment's are `add[i]` and `change[i]`."""
    return replace(violation, field=(violation.field or "").replace("lines[", f"{part}[", 1))


def _amounts(line: SubmissionLine) -> dict[str, Decimal]:
    return {name: getattr(line, name) for name in AMOUNT_NAMES}


def _row(line: SubmissionLine) -> dict[str, object]:
    return {column.key: getattr(line, column.key) for column in SubmissionLine.__table__.columns}


def _set_totals(submission: Submission, totals: Amounts) -> None:
    for name in AMOUNT_NAMES:
        setattr(submission, name, getattr(totals, name))
    submission.total = totals.total
    submission.status = submission_after_amendment(
        total=totals.total, paid=submission.account.contributions_paid
    ).value


def _amendment(
    uow: ContributionUnitOfWork,
    submission: Submission,
    *,
    kind: str,
    reason: str,
    previous_total: Decimal,
    changes: dict[str, list[str]],
) -> Amendment:
    submission.version = (submission.version or 1) + 1
    record = Amendment(
        id=str(uuid.uuid4()),
        submission_id=submission.id,
        version=submission.version,
        kind=kind,
        reason=reason,
        changes=changes,
        previous_total=previous_total,
        total=submission.total,
        amended_at=uow.now(),
        amended_by=uow.actor,
    )
    uow.submissions.add_amendment(record)
    return record
