"""The reports an officer asks for every day (issue 18): collections by bank and day, arrears
ageing by employer with the interest accruing, unmatched money by age. Each is a list of rows,
served as JSON or CSV by the route."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.ageing import AGE_BANDS, BAND_DAYS, age_band
from services.contribution.domain.interest import InterestPolicy
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.usecases.submissions import interest_accruing
from shared.kernel.clock import MALAYSIA_TIME, malaysia_date
from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO
from shared.web.auth import Principal

# A collections report spans at most a quarter: longer ranges are several reports.
MAX_DAYS = 92


@dataclass(frozen=True)
class CollectionRow:
    day: date
    bank_code: str
    payments: int
    amount: Decimal


async def collections(
    uow: ContributionUnitOfWork, *, principal: Principal, start: date, end: date
) -> list[CollectionRow]:
    """Money received per Malaysian day and bank, `start` to `end` inclusive (reversals out)."""
    access.ensure_staff(principal)
    if end < start or (end - start).days >= MAX_DAYS:
        raise RuleViolated(
            msg("The range is not a range of at most 92 days"),
            violations=[
                Violation(
                    field="to",
                    code="bad-range",
                    message=msg(
                        "on or after `from`, and at most {max_days} days in all", max_days=MAX_DAYS
                    ),
                )
            ],
        )
    since = datetime.combine(start, time.min, tzinfo=MALAYSIA_TIME)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=MALAYSIA_TIME)
    totals: dict[tuple[date, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for bank_code, paid_at, amount in await uow.payments.paid_between(since, until):
        cell = totals[(malaysia_date(paid_at), bank_code)]
        cell[0] += 1
        cell[1] += amount
    return [
        CollectionRow(day, bank, int(count), amount)
        for (day, bank), (count, amount) in sorted(totals.items())
    ]


@dataclass
class ArrearsRow:
    employer_code: str
    bands: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(AGE_BANDS, ZERO))
    interest_accruing: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.bands.values(), ZERO)


async def arrears_ageing(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    today: date,
    policy: InterestPolicy,
    after: str | None,
    limit: int,
) -> list[ArrearsRow]:
    """A page of employers in arrears, by code, `limit + 1` (the extra one says more follow):
    their contributions outstanding by days past the due date, and the interest they would owe
    if paid today."""
    access.ensure_staff(principal)
    codes = await uow.submissions.employers_in_arrears(today, after, limit)
    rows = {code: ArrearsRow(code) for code in codes}
    for s in await uow.submissions.arrears_of(today, codes):
        outstanding = s.account.outstanding
        row = rows[s.employer_code]
        row.bands[age_band((today - s.due_date).days)] += outstanding
        _, accruing = interest_accruing(
            outstanding=outstanding, due=s.due_date, today=today, policy=policy
        )
        row.interest_accruing += accruing
    return [rows[code] for code in codes]


@dataclass(frozen=True)
class ArrearsBand:
    band: str
    employers: int
    submissions: int
    outstanding: Decimal


async def arrears_totals(
    uow: ContributionUnitOfWork, *, principal: Principal, today: date
) -> tuple[int, list[ArrearsBand]]:
    """The arrears of every employer summed by days past due (the dashboard's chart): an
    aggregate per band over the due dates it spans, never the employers one by one. Interest
    accruing is not summed here: it is each submission's own (a minimum per month, rounded up per
    submission), so only the per-employer report can give it exactly."""
    access.ensure_staff(principal)
    bands = []
    for band, (first_day, last_day) in BAND_DAYS.items():
        employers, submissions, outstanding = await uow.submissions.arrears_due_between(
            today,
            today - timedelta(days=last_day) if last_day is not None else None,
            today - timedelta(days=first_day),
        )
        bands.append(ArrearsBand(band, employers, submissions, outstanding))
    employers, _, _ = await uow.submissions.arrears_due_between(today)
    return employers, bands


async def every_employer_in_arrears(
    uow: ContributionUnitOfWork, *, principal: Principal, today: date, policy: InterestPolicy
) -> AsyncIterator[ArrearsRow]:
    """The whole report, a page of employers at a time (the CSV an officer downloads)."""
    after: str | None = None
    page = 1000
    while True:
        rows = await arrears_ageing(
            uow, principal=principal, today=today, policy=policy, after=after, limit=page
        )
        for row in rows[:page]:
            yield row
        if len(rows) <= page:
            return
        after = rows[page - 1].employer_code


@dataclass(frozen=True)
class UnmatchedBand:
    band: str
    payments: int
    amount: Decimal


async def unmatched_ageing(
    uow: ContributionUnitOfWork, *, principal: Principal, today: date
) -> list[UnmatchedBand]:
    """Money nobody has matched yet, by days since it arrived."""
    access.ensure_staff(principal)
    counts = dict.fromkeys(AGE_BANDS, 0)
    amounts = dict.fromkeys(AGE_BANDS, ZERO)
    for received_at, amount, allocated in await uow.payments.unmatched_money():
        band = age_band((today - malaysia_date(received_at)).days)
        counts[band] += 1
        amounts[band] += amount - allocated
    return [UnmatchedBand(band, counts[band], amounts[band]) for band in AGE_BANDS]
