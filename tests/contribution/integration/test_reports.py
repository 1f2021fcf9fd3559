"""The reports an officer asks for every day, as JSON and CSV (issue 18): collections by bank and
day, arrears ageing by employer (0-30, 31-60, 61-90, over 90 days) with interest accruing,
unmatched money by age. The business clock stands at 2025-08-31."""

from __future__ import annotations

import asyncio
import csv
import io
from decimal import Decimal

from tests.contribution.integration.test_contribution_api import BASE, callback, register_employer
from tests.contribution.integration.test_reconciliation import LINE_TOTAL, month_owed
from tests.support import auth
from tests.support.builders import random_txn_id
from tests.support.pages import every_item
from tests.support.services import RunningService


async def test_collections_by_day_and_bank_as_json_and_csv(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    for bank, paid_at, amount in (
        ("MBB", "2025-08-05T23:30:00+08:00", "10.00"),
        ("MBB", "2025-08-05T08:00:00+08:00", "20.00"),
        ("CIMB", "2025-08-05T12:00:00+08:00", "5.00"),
        # 00:30 on the 6th in Malaysia is still the 5th in UTC: it counts on the 6th.
        ("MBB", "2025-08-06T00:30:00+08:00", "1.00"),
    ):
        sent = await contribution.client.post(
            f"{BASE}/payments/callbacks/{bank}",
            json={**callback(reference, amount, paid_at), "bank_txn_id": random_txn_id()},
            headers=auth.bank(bank),
        )
        assert sent.status_code == 200, sent.text
    params = {"from": "2025-08-05", "to": "2025-08-06"}
    answer = await contribution.client.get(
        f"{BASE}/reports/collections", params=params, headers=auth.officer()
    )
    assert answer.status_code == 200, answer.text
    mine = {(r["day"], r["bank_code"]): r for r in answer.json()}
    assert mine[("2025-08-05", "MBB")]["amount"] >= "30.00"
    assert Decimal(mine[("2025-08-06", "MBB")]["amount"]) >= Decimal("1.00")
    as_csv = await contribution.client.get(
        f"{BASE}/reports/collections", params={**params, "format": "csv"}, headers=auth.dashboard()
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == ["day", "bank_code", "payments", "amount"]
    assert len(rows) - 1 == len(answer.json())
    too_long = await contribution.client.get(
        f"{BASE}/reports/collections",
        params={"from": "2025-01-01", "to": "2025-08-01"},
        headers=auth.officer(),
    )
    assert (too_long.status_code, too_long.json()["errors"][0]["code"]) == (422, "bad-range")
    employer = await contribution.client.get(
        f"{BASE}/reports/collections", params=params, headers=auth.employer(code)
    )
    assert employer.status_code == 403


async def test_arrears_are_aged_by_days_past_due_with_interest_accruing(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    # May's contributions were due 15 June: 77 days past due on 31 August (61-90);
    # July's were due 15 August: 16 days (0-30).
    await month_owed(contribution, code, "2025-05")
    await month_owed(contribution, code, "2025-07")
    every = await every_item(
        contribution.client, f"{BASE}/reports/arrears-ageing", headers=auth.officer(), limit=7
    )
    codes = [r["employer_code"] for r in every]
    assert codes == sorted(set(codes)), "each employer once, by code, across pages"
    [row] = [r for r in every if r["employer_code"] == code]
    assert (row["days_0_30"], row["days_31_60"], row["days_61_90"], row["over_90"]) == (
        LINE_TOTAL,
        "0.00",
        LINE_TOTAL,
        "0.00",
    )
    assert row["total"] == "182.80"
    # 6% a year on RM91.40 is under RM5 for either delay, so the minimum applies: RM5 "for each
    # month or part of a month" (interest.py, reg. 33): May's delay spans three part-months
    # (RM15), July's one (RM5).
    assert row["interest_accruing"] == "20.00"
    as_csv = await contribution.client.get(
        f"{BASE}/reports/arrears-ageing", params={"format": "csv"}, headers=auth.officer()
    )
    assert [line for line in csv.reader(io.StringIO(as_csv.text)) if line[0] == code] == [
        [code, LINE_TOTAL, "0.00", LINE_TOTAL, "0.00", "182.80", "20.00"]
    ]


async def test_unmatched_money_is_aged_by_days_since_it_arrived(
    contribution: RunningService,
) -> None:
    before = await contribution.client.get(
        f"{BASE}/reports/unmatched-ageing", headers=auth.officer()
    )
    first = {r["band"]: r for r in before.json()}
    sent = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback("NOBODY-" + random_txn_id(), "12.34"),
        headers=auth.bank("MBB"),
    )
    assert sent.json()["status"] == "unmatched"
    after = await contribution.client.get(
        f"{BASE}/reports/unmatched-ageing", headers=auth.officer()
    )
    bands = {r["band"]: r for r in after.json()}
    assert [r["band"] for r in after.json()] == ["0-30", "31-60", "61-90", "over 90"]
    assert bands["0-30"]["payments"] == first["0-30"]["payments"] + 1
    assert Decimal(bands["0-30"]["amount"]) - Decimal(first["0-30"]["amount"]) == Decimal("12.34")


async def test_the_day_s_payments_are_all_counted_not_the_newest_thousand(
    contribution: RunningService,
) -> None:
    """The dashboard's tile counted and summed at most the newest 1,000 payments: a day before
    the 15th brings hundreds of thousands. The database counts them all now."""

    async def received() -> dict[str, object]:
        answer = await contribution.client.get(f"{BASE}/payments/received", headers=auth.officer())
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    before = await received()
    sent = 1_005
    for start in range(0, sent, 67):
        batch = [
            contribution.client.post(
                f"{BASE}/payments/callbacks/MBB",
                json=callback("NOBODY-" + random_txn_id(), "1.00"),
                headers=auth.bank("MBB"),
            )
            for _ in range(min(67, sent - start))
        ]
        assert {r.status_code for r in await asyncio.gather(*batch)} == {200}
    after = await received()
    assert int(str(after["count"])) - int(str(before["count"])) == sent
    assert Decimal(str(after["total"])) - Decimal(str(before["total"])) == Decimal(sent)
    assert len(after["payments"]) == 100  # type: ignore[arg-type]


async def test_the_arrears_are_paged_and_counted_whole(contribution: RunningService) -> None:
    code = await register_employer(contribution)
    await month_owed(contribution, code, "2025-05")
    await month_owed(contribution, code, "2025-07")
    first = await contribution.client.get(
        f"{BASE}/overdue", params={"limit": "1"}, headers=auth.officer()
    )
    assert first.status_code == 200, first.text
    assert len(first.json()["items"]) == 1
    assert first.json()["next_cursor"] is not None
    every = await every_item(contribution.client, f"{BASE}/overdue", headers=auth.officer())
    assert first.json()["count"] == len(every)
    assert Decimal(first.json()["outstanding"]) == sum(Decimal(s["outstanding"]) for s in every)
    due = [(s["due_date"], s["reference"]) for s in every]
    assert [d for d, _ in due] == sorted(d for d, _ in due), "oldest due first"
    mine = [s for s in every if s["employer_code"] == code]
    assert [s["month"] for s in mine] == ["2025-05", "2025-07"]


async def test_the_arrears_totals_are_the_per_employer_report_summed(
    contribution: RunningService,
) -> None:
    """The dashboard's chart asks for the sums, one aggregate per band; they must be what the
    per-employer report adds up to."""
    code = await register_employer(contribution)
    await month_owed(contribution, code, "2025-05")
    await month_owed(contribution, code, "2025-07")
    every = await every_item(
        contribution.client, f"{BASE}/reports/arrears-ageing", headers=auth.officer()
    )
    answer = await contribution.client.get(
        f"{BASE}/reports/arrears-ageing/totals", headers=auth.officer()
    )
    assert answer.status_code == 200, answer.text
    totals = answer.json()
    assert totals["employers"] == len(every)
    columns = {"0-30": "days_0_30", "31-60": "days_31_60", "61-90": "days_61_90"}
    columns["over 90"] = "over_90"
    for band in totals["bands"]:
        column = columns[band["band"]]
        assert Decimal(band["outstanding"]) == sum(Decimal(r[column]) for r in every), band
        assert band["employers"] == len([r for r in every if Decimal(r[column]) > 0]), band
    assert Decimal(totals["outstanding"]) == sum(Decimal(r["total"]) for r in every)
    refused = await contribution.client.get(
        f"{BASE}/reports/arrears-ageing/totals", headers=auth.employer(code)
    )
    assert refused.status_code == 403
