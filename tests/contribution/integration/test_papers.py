"""A payment's receipt and an employer's statement as PDF: rendered to PNG and read back, seen by
whoever may see the JSON record and no one else (issue 21)."""

from __future__ import annotations

from decimal import Decimal

from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.papers import printed
from tests.support.services import RunningService


async def paid_late(svc: RunningService) -> tuple[str, dict, dict]:
    """An employer's July submission, paid on 30 August: fifteen days late."""
    code = await register_employer(svc)
    sub = (await submit(svc, code, [{"ic": random_ic(), "name": "Siti", "wage": "3450.00"}])).json()
    paid = await svc.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(
            sub["reference"], sub["totals"]["total"], paid_at="2025-08-30T10:00:00+08:00"
        ),
        headers=auth.bank("MBB"),
    )
    assert paid.status_code == 200, paid.text
    return code, sub, paid.json()


async def test_a_receipt_prints_the_amount_the_reference_and_the_interest(
    contribution: RunningService,
) -> None:
    code, sub, paid = await paid_late(contribution)
    paper = printed(
        await contribution.client.get(
            f"{BASE}/payments/{paid['payment_id']}/receipt.pdf", headers=auth.employer(code)
        ),
        keep_as="receipt.png",
    )
    assert len(paper.pages) == 1
    text = paper.text
    assert "Official receipt" in text
    assert paid["payment_id"] in text
    assert sub["reference"] in text
    assert f"Syarikat {code}" in text
    assert f"RM{Decimal(sub['totals']['total']):,.2f}" in text
    assert "30 Aug 2025, 10:00 (Malaysia time)" in text
    assert f"Interest assessed ({paid['days_late']} days late)" in text
    assert f"RM{paid['late_interest']}" in text
    assert "Generated 31 Aug 2025, 10:00 (Malaysia time)" in text
    assert "Page 1 of 1" in text


async def test_a_receipt_is_seen_by_whoever_sees_the_payment(
    contribution: RunningService,
) -> None:
    """Another employer gets what the JSON payment answers it (404, as if there were none);
    an unmatched payment is the officers' alone."""
    code, _, paid = await paid_late(contribution)
    other = await register_employer(contribution)
    for path in (f"/payments/{paid['payment_id']}", f"/payments/{paid['payment_id']}/receipt.pdf"):
        answer = await contribution.client.get(f"{BASE}{path}", headers=auth.employer(other))
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert (
        await contribution.client.get(f"{BASE}/payments/nope/receipt.pdf", headers=auth.officer())
    ).status_code == 404
    stray = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB",
        json=callback(f"{code}-TYPO", "10.00"),
        headers=auth.bank("MBB"),
    )
    receipt = f"{BASE}/payments/{stray.json()['payment_id']}/receipt.pdf"
    assert (await contribution.client.get(receipt, headers=auth.employer(code))).status_code == 403
    unmatched = printed(await contribution.client.get(receipt, headers=auth.officer()))
    assert "no submission yet: held for reconciliation" in unmatched.text


async def test_a_statement_prints_what_the_json_statement_says(
    contribution: RunningService,
) -> None:
    code, sub, _ = await paid_late(contribution)
    json_statement = (
        await contribution.client.get(
            f"{BASE}/employers/{code}/statement", headers=auth.employer(code)
        )
    ).json()
    paper = printed(
        await contribution.client.get(
            f"{BASE}/employers/{code}/statement.pdf", headers=auth.employer(code)
        ),
        keep_as="statement.png",
    )
    text = paper.text
    assert f"Syarikat {code} ({code})" in text
    assert sub["reference"] in text
    [payment] = json_statement["payments"]
    assert payment["bank_txn_id"] in text
    totals = json_statement["totals"]
    assert f"Amount due now RM{totals['amount_due']}" in text
    assert f"Late-payment interest assessed RM{totals['late_interest_assessed']}" in text
    assert "31 Aug 2025" in text


async def test_a_statement_is_its_own_employers_and_the_staffs(
    contribution: RunningService,
) -> None:
    code, other = await register_employer(contribution), await register_employer(contribution)
    for suffix in ("statement", "statement.pdf"):
        path = f"{BASE}/employers/{code}/{suffix}"
        assert (
            await contribution.client.get(path, headers=auth.employer(other))
        ).status_code == 404
        assert (await contribution.client.get(path, headers=auth.dashboard())).status_code == 200
        assert (
            await contribution.client.get(path, headers=auth.member(random_ic()))
        ).status_code == 403


async def test_a_long_statement_runs_over_pages_with_its_heading_on_each(
    contribution: RunningService,
) -> None:
    code = await register_employer(contribution)
    references = []
    for _ in range(45):
        answer = await submit(
            contribution, code, [{"ic": random_ic(), "name": "A", "wage": "2000.00"}]
        )
        assert answer.status_code == 201, answer.text
        references.append(answer.json()["reference"])
    paper = printed(
        await contribution.client.get(
            f"{BASE}/employers/{code}/statement.pdf", headers=auth.officer()
        )
    )
    assert len(paper.pages) > 1
    assert all(f"of {len(paper.pages)}" in page for page in paper.pages)
    assert "Reference Month Due" in paper.pages[1], "the table's heading row on the next page"
    assert all(reference in paper.text for reference in references)
