"""Load a generated data set (bench/scale_data.py) through the services' own APIs, never the tables.

Employers are registered, each month's returns submitted (one submission per employer and month,
the JSON bulk path), then paid with signed bank callbacks as the plan says; unmatched payments
come in naming no submission and some of them wait for a second officer's approval of an
allocation; loans go through application, offer, guarantors and a four-eyes final disbursement;
dialysis treatments and appeals are filed by an officer. The same code loads a tiny set in the
tests (in-process services) and the benchmark's sizes (real processes behind the gateway).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from bench.scale_data import AS_OF, PLACES, DataSet, paid_at, wage_in

Headers = dict[str, str]
LOAN_DOCUMENTS = [
    "passport_photo",
    "birth_certificate",
    "identity_card",
    "academic_results",
    "school_testimonial",
    "offer_letter",
    "registration_confirmation",
    "fee_letter",
]


@dataclass
class Target:
    """Where each service answers and who speaks to it. Behind the gateway every client is the
    gateway's; in the tests each is the in-process service's own."""

    contribution: httpx.AsyncClient
    loan: httpx.AsyncClient
    dialysis: httpx.AsyncClient
    appeals: httpx.AsyncClient
    officer: Headers
    second_officer: Headers
    # A bank callback's headers for its body: the signature behind the gateway, a token in tests.
    bank: Callable[[bytes], Headers]
    concurrency: int = 4


@dataclass
class Loaded:
    """What was loaded, and how long the bulk paths took."""

    lines: int = 0
    submissions: int = 0
    submit_seconds: float = 0.0
    callbacks: int = 0
    callback_seconds: float = 0.0
    references: dict[tuple[int, int], str] = field(default_factory=dict)
    unmatched_payment_ids: list[str] = field(default_factory=list)
    approvals_pending: int = 0
    loan_ids: list[str] = field(default_factory=list)
    treatments: int = 0
    appeals: int = 0
    seconds: float = 0.0

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.submit_seconds if self.submit_seconds else 0.0


class LoadFailed(RuntimeError):
    pass


def _ok(response: httpx.Response, what: str) -> Any:
    if not 200 <= response.status_code < 300:
        raise LoadFailed(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response.json()


async def _limited(concurrency: int, jobs: Iterable[Awaitable[Any]]) -> list[Any]:
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Awaitable[Any]) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))


async def load(
    data: DataSet,
    target: Target,
    progress: Callable[[str], None] = print,
    after_each_month: Callable[[], Awaitable[None]] | None = None,
) -> Loaded:
    """Everything `data` holds through the services' APIs; `after_each_month` runs between
    months, outside the timed submissions and callbacks (the whole load's seconds include it)."""
    started = time.perf_counter()
    loaded = Loaded()
    await _limited(
        target.concurrency,
        (
            _call(
                target.contribution.post(
                    "/v1/contributions/employers",
                    json={"employer_code": e.code, "name": e.name, "state": e.state},
                    headers=target.officer,
                ),
                f"employer {e.code}",
            )
            for e in data.employers
        ),
    )
    for m, month in enumerate(data.months):
        await _month(data, target, loaded, m)
        if after_each_month is not None:
            await after_each_month()
        if m % 6 == 5 or m == len(data.months) - 1:
            progress(
                f"    {month}: {loaded.lines:,} lines, {loaded.lines_per_second:,.0f} lines/s, "
                f"{loaded.callbacks:,} callbacks"
            )
    loaded.approvals_pending = await _allocations_held(data, target, loaded)
    for _ in range(data.loans):
        loaded.loan_ids.append(await _loan(target, len(loaded.loan_ids)))
    loaded.treatments = await _treatments(data, target)
    loaded.appeals = await _appeals(data, target)
    loaded.seconds = time.perf_counter() - started
    return loaded


async def _call(request: Awaitable[httpx.Response], what: str) -> Any:
    return _ok(await request, what)


async def _month(data: DataSet, target: Target, loaded: Loaded, m: int) -> None:
    month = data.months[m]

    async def submit(e: int) -> None:
        employer = data.employers[e]
        lines = [
            {"ic": p.ic, "name": p.name, "wage": str(wage_in(p, month, data.months[0]))}
            for p in employer.staff
        ]
        response = await target.contribution.post(
            f"/v1/contributions/employers/{employer.code}/submissions",
            json={"month": str(month), "lines": lines},
            headers=target.officer,
            timeout=300,
        )
        body = _ok(response, f"submission {employer.code} {month}")
        loaded.references[(e, m)] = body["reference"]
        totals[e] = Decimal(body["totals"]["total"])
        loaded.lines += len(lines)
        loaded.submissions += 1

    totals: dict[int, Decimal] = {}
    started = time.perf_counter()
    await _limited(target.concurrency, (submit(e) for e in range(len(data.employers))))
    loaded.submit_seconds += time.perf_counter() - started

    callbacks: list[tuple[str, str, Decimal, str]] = []
    for e in range(len(data.employers)):
        plan = data.payments[(e, m)]
        amount = {
            "exact": totals[e],
            "late": totals[e],
            "partial": (totals[e] * Decimal("0.7")).quantize(Decimal("0.01")),
            "over": (totals[e] * Decimal("1.1")).quantize(Decimal("0.01")),
        }.get(plan.kind)
        if amount is not None:
            when = paid_at(month, plan).isoformat()
            callbacks.append((f"S{data.seed}-{e}-{m}", loaded.references[(e, m)], amount, when))
    for n in range(data.unmatched[m]):
        when = paid_at(month, data.payments[(0, m)]).isoformat()
        callbacks.append((f"U{data.seed}-{m}-{n}", f"NOSUCH-{m}-{n}", Decimal("123.45"), when))

    async def pay(txn: str, reference: str, amount: Decimal, when: str) -> None:
        body = json.dumps(
            {
                "bank_txn_id": txn,
                "reference": reference,
                "amount": str(amount),
                "paid_at": when,
                "channel": "FPX",
            }
        ).encode()
        response = await target.contribution.post(
            "/v1/contributions/payments/callbacks/MBB",
            content=body,
            headers={**target.bank(body), "Content-Type": "application/json"},
        )
        answer = _ok(response, f"callback {txn}")
        if answer["status"] == "unmatched":
            loaded.unmatched_payment_ids.append(answer["payment_id"])
        loaded.callbacks += 1

    started = time.perf_counter()
    await _limited(target.concurrency * 2, (pay(*c) for c in callbacks))
    loaded.callback_seconds += time.perf_counter() - started


async def _allocations_held(data: DataSet, target: Target, loaded: Loaded) -> int:
    """Half the unmatched payments: an officer asks to apply them to a short-paid submission; the
    requests wait for a second officer (the approvals queue)."""
    short = [ref for key, ref in loaded.references.items() if data.payments[key].kind == "partial"]
    if not short:
        return 0
    asked = loaded.unmatched_payment_ids[::2]

    async def ask(n: int, payment_id: str) -> None:
        response = await target.contribution.post(
            f"/v1/contributions/payments/{payment_id}/allocations",
            json={"reference": short[n % len(short)], "amount": "100.00", "reason": "bank advice"},
            headers=target.officer,
        )
        _ok(response, f"allocation of {payment_id}")

    await _limited(target.concurrency, (ask(n, p) for n, p in enumerate(asked)))
    return len(asked)


async def _loan(target: Target, n: int) -> str:
    """One student loan from application to its repayment schedule (the final disbursement)."""
    client, officer = target.loan, target.officer
    sponsor = _ok(
        await client.post(
            "/v1/loans/sponsors",
            json={
                "ic": _ic(AS_OF.year - 50, n, "98"),
                "name": f"Allahyarham {n}",
                "condition": "died_from_employment_injury",
                "benefit": "survivors_pension",
            },
            headers=officer,
        ),
        "sponsor",
    )
    applicant = _ic(AS_OF.year - 19, n, "99")
    application = _ok(
        await client.post(
            "/v1/loans/applications",
            json={
                "applicant_ic": applicant,
                "applicant_name": f"Pelajar {n}",
                "sponsor_id": sponsor["id"],
                "married": False,
                "level": "degree",
                "institution": "Universiti Malaya",
                "programme": "BEng",
                "in_malaysia": True,
                "full_time": True,
                "months_left": 36,
                "declined_by_other_agency": True,
                "tuition_total": "40000.00",
                "private_institution": False,
                "meets_entry_requirements": True,
                "family_unable_to_pay": True,
                "documents": LOAN_DOCUMENTS,
            },
            headers=officer,
        ),
        "loan application",
    )
    decided = _ok(
        await client.post(
            f"/v1/loans/applications/{application['id']}/decision",
            json={"approve": True, "amount": "12000.00"},
            headers=officer,
        ),
        "loan decision",
    )
    loan_id = str(decided["loan_id"])
    accepted_on = (AS_OF - timedelta(days=500)).date().isoformat()
    _ok(
        await client.post(
            f"/v1/loans/{loan_id}/acceptance", json={"accepted_on": accepted_on}, headers=officer
        ),
        "loan acceptance",
    )
    for g in range(2):
        _ok(
            await client.post(
                f"/v1/loans/{loan_id}/guarantors",
                json={
                    "ic": _ic(AS_OF.year - 40, n * 2 + g, "97"),
                    "name": f"Penjamin {g}",
                    "malaysian": True,
                    "permanent_employment": True,
                    "years_with_employer": 5,
                    "net_monthly_income": "3000.00",
                    "relationship": "family",
                    "witness": "public_school_headmaster",
                },
                headers=officer,
            ),
            "guarantor",
        )
    held = _ok(
        await client.post(
            f"/v1/loans/{loan_id}/disbursements",
            json={
                "semester": 1,
                "registration_fee": "0.00",
                "education_fee": "12000.00",
                "final": True,
                "disbursed_on": (AS_OF - timedelta(days=450)).date().isoformat(),
            },
            headers=officer,
        ),
        "disbursement",
    )
    _ok(
        await client.post(
            f"/v1/loans/approvals/{held['approval']['id']}/approve",
            json={},
            headers=target.second_officer,
        ),
        "disbursement approval",
    )
    return loan_id


def _ic(year: int, n: int, place: str) -> str:
    """ICs of people outside the workforce (applicants, sponsors, guarantors): their own place code."""
    assert place not in PLACES
    return f"{year % 100:02d}0{n // 10_000 % 9 + 1}15{place}{n % 10_000:04d}"


async def _treatments(data: DataSet, target: Target) -> int:
    centres = [f"CS{n:06d}" for n in range(max(1, len(data.treatments) // 20))]
    for centre in centres:
        _ok(
            await target.dialysis.post(
                "/v1/dialysis/centres",
                json={
                    "id": centre,
                    "name": f"Pusat {centre}",
                    "kind": "non_panel_private",
                    "state": "SGR",
                    "machines": 10,
                    "shifts_per_day": 3,
                },
                headers=target.officer,
            ),
            "centre",
        )

    async def treat(n: int, ic: str) -> None:
        requested = _ok(
            await target.dialysis.post(
                "/v1/dialysis/treatments",
                json={
                    "ic": ic,
                    "centre_id": centres[n % len(centres)],
                    "diagnosis": "ESRF",
                    "modality": "haemodialysis",
                    # The insured status arrives by events; the load does not wait for them.
                    "override_reason": "contributions confirmed by the employer",
                },
                headers=target.officer,
            ),
            "treatment",
        )
        _ok(
            await target.dialysis.post(
                f"/v1/dialysis/treatments/{requested['id']}/decision",
                json={"approve": True, "starts_on": AS_OF.date().replace(day=1).isoformat()},
                headers=target.officer,
            ),
            "treatment decision",
        )

    await _limited(target.concurrency, (treat(n, ic) for n, ic in enumerate(data.treatments)))
    return len(data.treatments)


async def _appeals(data: DataSet, target: Target) -> int:
    async def appeal(ic: str) -> None:
        _ok(
            await target.appeals.post(
                "/v1/appeals",
                json={
                    "appellant_kind": "employee",
                    "appellant_name": "Perayu",
                    "appellant_ic": ic,
                    "act": "act4",
                    "section": "84",
                    "matter": "Invalidity pension refused",
                    "cause_of_action_date": (AS_OF - timedelta(days=60)).date().isoformat(),
                    "state": "SGR",
                },
                headers=target.officer,
            ),
            "appeal",
        )

    # One at a time: filed concurrently, two appeals to one board draw the same case number (the
    # appeals service reads the board's last sequence, then inserts) and the second is a 409.
    await _limited(1, (appeal(ic) for ic in data.appeals))
    return len(data.appeals)
