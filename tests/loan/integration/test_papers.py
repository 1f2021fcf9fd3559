"""A loan's repayment schedule as PDF: every instalment, the borrower's IC masked, seen only by
whoever may see the loan (issue 21)."""

from __future__ import annotations

from decimal import Decimal

from shared.kernel.ic import mask_ic
from tests.loan.integration.test_loan_api import BASE, active_loan
from tests.loan.integration.test_loan_life import final_disbursement
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.papers import printed
from tests.support.services import RunningService


async def test_the_schedule_prints_every_instalment_and_masks_the_ic(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    await final_disbursement(loan, loan_id, education_fee="12000.00")
    schedule = (await loan.client.get(f"{BASE}/{loan_id}/schedule", headers=auth.member(ic))).json()
    paper = printed(
        await loan.client.get(f"{BASE}/{loan_id}/schedule.pdf", headers=auth.member(ic)),
        keep_as="schedule.png",
    )
    text = paper.text
    assert "Repayment schedule" in text
    assert loan_id in text
    assert mask_ic(ic) in text
    assert ic not in text.replace("-", ""), "the full IC is never printed"
    assert f"Total payable RM{Decimal(schedule['total_payable']):,.2f}" in text
    first, last = schedule["instalments"][0], schedule["instalments"][-1]
    assert f"RM{Decimal(first['amount']):,.2f}" in text
    assert f"{last['number']} " in text
    # Some sixty instalments do not fit one page; the table's heading row starts each page.
    assert len(paper.pages) > 1
    assert all("No. Due on Instalment" in page for page in paper.pages[1:])


async def test_the_schedule_is_the_borrowers_and_the_staffs_alone(loan: RunningService) -> None:
    ic, loan_id = await active_loan(loan)
    for suffix in ("schedule", "schedule.pdf"):
        # No final disbursement yet: no schedule, on paper either.
        early = await loan.client.get(f"{BASE}/{loan_id}/{suffix}", headers=auth.member(ic))
        assert early.status_code == 409, early.text
    await final_disbursement(loan, loan_id)
    for suffix in ("schedule", "schedule.pdf"):
        path = f"{BASE}/{loan_id}/{suffix}"
        assert (await loan.client.get(path, headers=auth.member(random_ic()))).status_code == 404
        assert (await loan.client.get(path, headers=auth.officer())).status_code == 200
        assert (await loan.client.get(path, headers=auth.dashboard())).status_code == 200
