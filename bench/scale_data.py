"""A national-shaped data set, deterministic from a seed: what `make bench-scale` loads.

Nothing here touches a service: it only decides who works where, for what wage, and how each
month's contributions are paid. `bench/scale_load.py` sends it through the services' own APIs.

The shapes are PERKESO's in miniature:
- employer sizes follow Zipf's law (rank r has a share 1/r of the workforce), so most employers
  have a handful of people and the largest has about a ninth of everyone;
- wages are log-normal around RM2,500, so some 7% earn above the contribution ceiling;
- most months are paid on time and exactly; some late, some short, some over, some not at all,
  and some bank payments name no submission (unmatched);
- loans, dialysis treatments and appeals in proportion to the insured population.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.contribution.domain.months import ContributionMonth
from shared.kernel.clock import MALAYSIA_TIME

# The business clock of every loaded service: the 20th, after the last month's due date (15th).
AS_OF = datetime(2026, 12, 20, 10, 0, tzinfo=MALAYSIA_TIME)
# Birth-place codes of Malaysian ICs (states, then the ones for births abroad), 10,000 serials each.
PLACES = [f"{n:02d}" for n in (*range(1, 17), *range(21, 60))]
NAME_WORDS = [
    "Bayu", "Cahaya", "Delima", "Embun", "Fajar", "Gemilang", "Harapan", "Indah", "Jaya",
    "Kencana", "Lestari", "Mawar", "Nusantara", "Orkid", "Permata", "Ria", "Setia", "Tiara",
    "Utama", "Wira", "Zamrud", "Bistari", "Cemerlang", "Damai", "Mutiara", "Seri", "Suria",
]  # fmt: skip
STATES = ["SGR", "KUL", "JHR", "PNG", "PRK", "KDH", "SBH", "SWK", "NSN", "MLK", "PHG", "KTN"]


@dataclass(frozen=True)
class Size:
    """How much to generate; `employers:persons:months`, e.g. `500:10000:24`."""

    employers: int
    persons: int
    months: int

    @classmethod
    def parse(cls, text: str) -> Size:
        employers, persons, months = (int(part) for part in text.split(":"))
        if not (1 <= employers <= persons and 1 <= months <= 60):
            raise ValueError(f"size {text!r}: 1 <= employers <= persons, 1 <= months <= 60")
        if persons > len(PLACES) * 10_000:
            raise ValueError(f"size {text!r}: at most {len(PLACES) * 10_000} persons")
        return cls(employers, persons, months)

    def __str__(self) -> str:
        return f"{self.employers}:{self.persons}:{self.months}"


@dataclass(frozen=True)
class Person:
    ic: str
    name: str
    wage: Decimal  # the first month's; it rises a little each year


@dataclass(frozen=True)
class Employer:
    code: str
    name: str
    state: str
    staff: tuple[Person, ...]


# How a submission is paid: on time and exactly, late, short, over, or not at all.
PAYMENT_KINDS = ("exact", "late", "partial", "over", "unpaid")
PAYMENT_WEIGHTS = (0.80, 0.07, 0.04, 0.04, 0.05)


@dataclass(frozen=True)
class Payment:
    kind: str
    days_late: int  # against the due date; negative is early


@dataclass
class DataSet:
    size: Size
    seed: int
    employers: list[Employer]
    months: list[ContributionMonth]
    # (employer index, month index) -> how that submission is paid
    payments: dict[tuple[int, int], Payment]
    # bank payments naming no submission, per month index: how many
    unmatched: dict[int, int]
    loans: int
    treatments: list[str] = field(default_factory=list)  # ICs
    appeals: list[str] = field(default_factory=list)  # ICs

    @property
    def lines(self) -> int:
        return sum(len(e.staff) for e in self.employers) * len(self.months)


def zipf_sizes(employers: int, persons: int) -> list[int]:
    """Workforce per employer, largest first: rank r gets a share 1/r, everyone at least one."""
    weights = [1 / rank for rank in range(1, employers + 1)]
    total = sum(weights)
    sizes = [max(1, math.floor(persons * w / total)) for w in weights]
    # What rounding left over (or took too much) is settled on the largest, so the sum is exact.
    sizes[0] += persons - sum(sizes)
    return sizes


def generate(size: Size, seed: int = 19) -> DataSet:
    rng = random.Random(seed)
    last = ContributionMonth(AS_OF.year, AS_OF.month).previous()
    months = [last]
    while len(months) < size.months:
        months.insert(0, months[0].previous())
    people = [_person(rng, k) for k in range(size.persons)]
    sizes = zipf_sizes(size.employers, size.persons)
    # Which employer code gets which size is drawn, so code order says nothing about size.
    rng.shuffle(sizes)
    employers, start = [], 0
    for n, headcount in enumerate(sizes):
        words = rng.sample(NAME_WORDS, 2)
        employers.append(
            Employer(
                code=f"E{n + 1:07d}",
                name=f"{words[0]} {words[1]} {n + 1} Sdn Bhd",
                state=rng.choice(STATES),
                staff=tuple(people[start : start + headcount]),
            )
        )
        start += headcount
    payments = {}
    for e in range(len(employers)):
        for m in range(len(months)):
            kind = rng.choices(PAYMENT_KINDS, PAYMENT_WEIGHTS)[0]
            if m == 0 and e < len(PAYMENT_KINDS):
                # The first month's first employers take each kind in turn: even a tiny set has all.
                kind = PAYMENT_KINDS[e]
            days = rng.randint(5, 90) if kind == "late" else -rng.randint(0, 10)
            payments[(e, m)] = Payment(kind, days)
    unmatched = {m: max(1, size.employers // 50) for m in range(len(months))}
    return DataSet(
        size=size,
        seed=seed,
        employers=employers,
        months=months,
        payments=payments,
        unmatched=unmatched,
        loans=max(1, size.persons // 400),
        treatments=[p.ic for p in rng.sample(people, max(1, size.persons // 500))],
        appeals=[p.ic for p in rng.sample(people, max(1, size.persons // 1000))],
    )


def _person(rng: random.Random, k: int) -> Person:
    # Twenty to fifty-five at the end of the history: never an implausible age in any month.
    born = AS_OF.date() - timedelta(days=rng.randint(20 * 366, 55 * 365))
    ic = f"{born:%y%m%d}{PLACES[k // 10_000]}{k % 10_000:04d}"
    wage = Decimal(round(math.exp(rng.gauss(math.log(2500), 0.6)), -1)).quantize(Decimal("0.01"))
    return Person(ic=ic, name=f"PEKERJA {k}", wage=max(wage, Decimal("1500.00")))


def wage_in(person: Person, month: ContributionMonth, first: ContributionMonth) -> Decimal:
    """The person's wage that month: 3% more for each full year since the history began."""
    years = (month.year * 12 + month.month - first.year * 12 - first.month) // 12
    return (person.wage * Decimal("1.03") ** years).quantize(Decimal("0.01"))


def due_date(month: ContributionMonth) -> date:
    following = month.next()
    return date(following.year, following.month, 15)


def paid_at(month: ContributionMonth, payment: Payment) -> datetime:
    """When the bank says the money came: never after the business clock's today."""
    day = due_date(month) + timedelta(days=payment.days_late)
    moment = datetime(day.year, day.month, day.day, 11, 0, tzinfo=MALAYSIA_TIME)
    return min(moment, AS_OF - timedelta(hours=1))
