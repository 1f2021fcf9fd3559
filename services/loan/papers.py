"""The loan service's printable paper, laid out from what its use case returns: a loan's
repayment schedule, every instalment on as many pages as it takes."""

from __future__ import annotations

from decimal import Decimal

from services.loan.usecases.papers import PrintableSchedule
from shared.kernel.ic import mask_ic
from shared.kernel.money import ZERO
from shared.web.papers import Column, Fields, Paper, Paragraph, Table, day, rm


def _percent(rate: Decimal) -> str:
    return f"{rate * 100:.2f}%"


def schedule_paper(paper: PrintableSchedule) -> Paper:
    loan, application, instalments = paper.loan, paper.application, paper.instalments
    total = sum((i.amount for i in instalments), ZERO)
    charges = sum((i.charge for i in instalments), ZERO)
    assert loan.offer_accepted_on is not None
    assert loan.final_disbursement_month is not None
    borrower = Fields(
        [
            ("Name", application.applicant_name),
            ("IC number", mask_ic(loan.borrower_ic)),
            ("Institution", application.institution),
            ("Programme", f"{application.programme} ({loan.level})"),
        ],
        heading="Borrower",
    )
    terms = Fields(
        [
            ("Amount disbursed", rm(loan.disbursed_total)),
            ("Offer accepted on", day(loan.offer_accepted_on)),
            ("Final disbursement", f"{loan.final_disbursement_month:%b %Y}"),
            ("Instalments", f"{len(instalments)} monthly, reducing balance"),
            ("First instalment due", day(instalments[0].due_on) if instalments else "-"),
            ("Service charge", rm(charges)),
            ("Total payable", rm(total)),
            ("Repaid so far", rm(loan.repaid_total)),
        ],
        heading="Loan",
    )
    table = Table(
        "Instalments",
        [
            Column("No.", 0.6, "R"),
            Column("Due on", 1.3),
            Column("Instalment", 1.3, "R"),
            Column("Principal", 1.3, "R"),
            Column("Service charge", 1.3, "R"),
            Column("Balance after", 1.4, "R"),
            Column("Rate a year", 1.1, "R"),
        ],
        [
            [
                str(i.number),
                day(i.due_on),
                rm(i.amount),
                rm(i.principal),
                rm(i.charge),
                rm(i.balance_after),
                _percent(i.rate),
            ]
            for i in instalments
        ],
    )
    return Paper(
        title="Repayment schedule",
        reference=f"Education loan {loan.id}",
        filename=f"schedule-{loan.id}.pdf",
        blocks=[
            borrower,
            terms,
            table,
            Paragraph(
                "The service charge is worked on the balance still owed each month; the "
                "instalments add up exactly to the total payable. Repay through Maybank quoting "
                "the loan number above as the loan account."
            ),
        ],
    )
