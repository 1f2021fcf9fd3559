"""The contribution service's printable papers, laid out from what its use cases return: a
payment's receipt and an employer's statement (the JSON statement's data, on paper)."""

from __future__ import annotations

from services.contribution.domain.banks import bank_by_code
from services.contribution.models import Payment
from services.contribution.repository import UnmatchedQuoting
from services.contribution.usecases.papers import Receipt
from services.contribution.usecases.statements import Statement
from shared.kernel.money import ZERO
from shared.web.papers import Column, Fields, Paper, Paragraph, Table, day, instant, rm

_CHANNELS = {
    "FPX": "FPX",
    "DDA": "Direct debit (DDA)",
    "INTERNET_BANKING": "Internet banking",
    "BANK_COUNTER": "Bank counter",
}


def _bank(code: str) -> str:
    bank = bank_by_code(code)
    return f"{bank.name} ({code})" if bank else code


def receipt_paper(receipt: Receipt) -> Paper:
    """The official receipt of one payment received from a bank."""
    p = receipt.payment
    if receipt.employer is not None:
        payer = Fields(
            [
                ("Employer", receipt.employer.name),
                ("Employer code", receipt.employer.employer_code),
                ("Payment reference", p.reference),
                *(
                    [
                        ("Contribution month", receipt.submission.month),
                        ("Due date", day(receipt.submission.due_date)),
                    ]
                    if receipt.submission is not None
                    else []
                ),
            ],
            heading="Received from",
        )
    else:
        payer = Fields(
            [
                ("Payment reference", p.reference),
                ("Matched to", "no submission yet: held for reconciliation"),
            ],
            heading="Received from",
        )
    paid = Fields(
        [
            ("Amount received", rm(p.amount)),
            ("Paid at", f"{instant(p.paid_at)} (Malaysia time)"),
            ("Received at", f"{instant(p.received_at)} (Malaysia time)"),
            ("Bank", _bank(p.bank_code)),
            ("Bank transaction", p.bank_txn_id),
            ("Channel", _CHANNELS.get(p.channel, p.channel)),
            ("Status", p.status),
            *(
                [(f"Interest assessed ({p.days_late} days late)", rm(p.late_interest))]
                if p.late_interest > ZERO
                else []
            ),
        ],
        heading="Payment",
    )
    applied = Fields(
        [
            ("Contributions", rm(p.applied_amount)),
            ("Late-payment interest settled", rm(p.interest_settled)),
            ("Held as the employer's credit", rm(receipt.held_as_credit)),
            ("Moved by officers", rm(p.allocated_amount)),
        ],
        heading="How it was applied",
    )
    blocks: list[Fields | Table | Paragraph] = [payer, paid, applied]
    if receipt.allocations:
        blocks.append(
            Table(
                "Moved by officers to",
                [
                    Column("Date", 1.2),
                    Column("Reference", 2),
                    Column("Amount", 1.1, "R"),
                    Column("Reason", 2.7),
                ],
                [
                    [day(a.allocated_at.date()), a.reference, rm(a.amount), a.reason]
                    for a in receipt.allocations
                ],
            )
        )
    blocks.append(Paragraph("This receipt is printed by computer and needs no signature."))
    return Paper(
        title="Official receipt",
        reference=f"No. {p.payment_id}",
        filename=f"receipt-{p.payment_id}.pdf",
        blocks=blocks,
    )


def _payment_rows(payments: list[Payment]) -> list[list[str]]:
    return [
        [
            instant(p.paid_at),
            p.bank_code,
            p.bank_txn_id,
            p.reference,
            _CHANNELS.get(p.channel, p.channel),
            rm(p.amount),
            f"{rm(p.late_interest)} ({p.days_late} d)" if p.days_late else rm(p.late_interest),
            rm(p.interest_settled),
            p.status,
        ]
        for p in payments
    ]


_PAYMENT_COLUMNS = [
    Column("Paid at (MYT)", 1.5),
    Column("Bank", 0.6),
    Column("Bank transaction", 2.3),
    Column("Reference", 2.1),
    Column("Channel", 1.1),
    Column("Amount", 1.1, "R"),
    Column("Interest assessed", 1.2, "R"),
    Column("Interest settled", 1.1, "R"),
    Column("Status", 0.9),
]


def _unmatched_beyond_those_listed(unmatched: UnmatchedQuoting) -> list[Paragraph]:
    if unmatched.count <= len(unmatched.payments):
        return []
    return [
        Paragraph(
            f"{unmatched.count} payments, {rm(unmatched.amount)} in all; the oldest "
            f"{len(unmatched.payments)} are listed."
        )
    ]


def statement_paper(statement: Statement) -> Paper:
    """The employer's statement: what it owes and paid, submission by submission, on as many
    pages as it takes."""
    t, employer, unmatched = statement.totals, statement.employer, statement.unmatched
    summary = Fields(
        [
            ("Employer", f"{employer.name} ({employer.employer_code})"),
            ("As of", day(statement.as_of)),
            ("Contributions", rm(t.contributions)),
            ("Paid", rm(t.paid)),
            ("Outstanding contributions", rm(t.outstanding)),
            ("Late-payment interest assessed", rm(t.late_interest_assessed)),
            ("Interest paid", rm(t.interest_paid)),
            ("Interest waived", rm(t.interest_waived)),
            ("Interest under appeal", rm(t.interest_disputed)),
            ("Interest cancelled on appeal", rm(t.interest_cancelled)),
            ("Interest owed", rm(t.interest_owed)),
            ("Interest accruing (not yet assessed)", rm(t.interest_accruing)),
            ("Credit balance", rm(t.credit_balance)),
            ("Refunded", rm(t.refunded)),
            ("Amount due now", rm(t.amount_due)),
        ],
        heading="Summary",
        columns=2,
    )
    submissions = Table(
        "Submissions",
        [
            Column("Reference", 2.1),
            Column("Month", 0.8),
            Column("Due", 1.1),
            Column("Total", 1.1, "R"),
            Column("Paid", 1.1, "R"),
            Column("Outstanding", 1.25, "R"),
            Column("Interest assessed", 1.1, "R"),
            Column("Interest paid", 1.0, "R"),
            Column("Interest owed", 1.0, "R"),
            Column("Credit", 1.0, "R"),
            Column("Days overdue", 0.8, "R"),
            Column("Interest accruing", 1.1, "R"),
            Column("Status", 0.8),
        ],
        [
            [
                line.submission.reference,
                line.submission.month,
                day(line.submission.due_date),
                rm(line.submission.total),
                rm(line.submission.amount_paid),
                rm(line.outstanding),
                rm(line.late_interest_assessed),
                rm(line.interest_paid),
                rm(line.interest_owed),
                rm(line.credit),
                str(line.days_overdue),
                rm(line.interest_accruing),
                line.submission.status,
            ]
            for line in statement.lines
        ],
        empty="No submissions yet.",
    )
    return Paper(
        title="Employer statement",
        reference=f"{employer.employer_code} as of {day(statement.as_of)}",
        filename=f"statement-{employer.employer_code}-{statement.as_of}.pdf",
        landscape=True,
        blocks=[
            summary,
            submissions,
            Table(
                "Payments",
                _PAYMENT_COLUMNS,
                _payment_rows(list(statement.payments)),
                empty="No payments yet.",
            ),
            Table(
                "Payments quoting this employer that match no submission",
                _PAYMENT_COLUMNS,
                _payment_rows(list(unmatched.payments)),
                empty="None.",
            ),
            *_unmatched_beyond_those_listed(unmatched),
            Paragraph(
                "Pay the amount due through an appointed bank, quoting the submission's reference. "
                "Interest accruing is late-payment interest on contributions still outstanding; it "
                "is assessed when they are paid."
            ),
        ],
    )
