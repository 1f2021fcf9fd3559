"""An employer statement of hundreds of submissions prints on as many pages as it takes, every
submission on it, its totals on the first page (issue 21)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from services.contribution.models import Employer, Payment, Submission
from services.contribution.papers import statement_paper
from services.contribution.repository import UnmatchedQuoting
from services.contribution.usecases.statements import Statement, StatementLine, StatementTotals
from shared.kernel.clock import MALAYSIA_TIME
from shared.web.papers import render
from tests.support.papers import read_paper

AT = datetime(2025, 8, 31, 10, 0, tzinfo=MALAYSIA_TIME)


def submission(n: int) -> Submission:
    return Submission(
        id=f"s{n}",
        reference=f"E1000001-202507-{n:02d}-{n % 10}",
        employer_code="E1000001",
        month="2025-07",
        due_date=date(2025, 8, 15),
        total=Decimal("91.40"),
        amount_paid=Decimal("0.00"),
        status="unpaid",
    )


def test_hundreds_of_submissions_span_pages_and_every_one_is_printed() -> None:
    lines = [
        StatementLine(
            submission(n),
            outstanding=Decimal("91.40"),
            late_interest_assessed=Decimal("0.00"),
            interest_paid=Decimal("0.00"),
            interest_owed=Decimal("0.00"),
            interest_disputed=Decimal("0.00"),
            days_overdue=16,
            interest_accruing=Decimal("5.00"),
            credit=Decimal("0.00"),
        )
        for n in range(1, 301)
    ]
    totals = StatementTotals(
        contributions=Decimal("27420.00"),
        outstanding=Decimal("27420.00"),
        interest_accruing=Decimal("1500.00"),
    )
    employer = Employer(employer_code="E1000001", name="Acme Sdn Bhd", state="SGR")
    statement = Statement(employer, date(2025, 8, 31), lines, [], totals=totals)
    paper = read_paper(render(statement_paper(statement), generated_at=AT))
    assert len(paper.pages) > 5
    assert "Amount due now RM27,420.00" in paper.pages[0]
    assert all(line.submission.reference in paper.text for line in lines)
    assert all("Reference Month Due" in page for page in paper.pages[1:-1])


def test_a_statement_that_lists_some_unmatched_payments_says_how_many_there_are() -> None:
    """The list of unmatched payments is cut at the oldest 500; the paper said nothing of the rest."""
    employer = Employer(employer_code="E1000001", name="Acme Sdn Bhd", state="SGR")
    listed = [
        Payment(
            payment_id=f"p{n}",
            bank_code="MBB",
            bank_txn_id=f"TXN-{n}",
            reference=f"E1000001-202507-9{n}-1",
            amount=Decimal("10.00"),
            paid_at=AT,
            channel="FPX",
            status="unmatched",
            late_interest=Decimal("0.00"),
            interest_settled=Decimal("0.00"),
            days_late=0,
        )
        for n in range(2)
    ]
    unmatched = UnmatchedQuoting(listed, count=3, amount=Decimal("60.50"))
    statement = Statement(employer, date(2025, 8, 31), [], [], unmatched)
    paper = read_paper(render(statement_paper(statement), generated_at=AT))
    assert all(p.bank_txn_id in paper.text for p in listed)
    assert "3 payments, RM60.50 in all; the oldest 2 are listed" in paper.text
    whole = Statement(
        employer, date(2025, 8, 31), [], [], UnmatchedQuoting(listed, 2, Decimal("20.00"))
    )
    assert "in all" not in read_paper(render(statement_paper(whole), generated_at=AT)).text
