"""An officer's work queues at the command line: the reconciliation queue, allocating a payment
(asked here, carried out when a second officer approves: `perkeso approve contributions <id>`),
and what a submission would cost if paid on a given day."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cli.main import ConfigOption, UrlOption, app, console, load_client, one_of

PAYMENTS = "/v1/contributions/payments"
QUEUE_STATUSES = (
    "unmatched",
    "partial",
    "overpaid",
    "settled",
    "allocated",
    "refunded",
    "reversed",
)


@app.command()
def queue(
    status: Annotated[
        str, typer.Option(help="the payments' status", callback=one_of(*QUEUE_STATUSES))
    ] = "unmatched",
    bank: Annotated[str | None, typer.Option(help="a bank code, e.g. MBB")] = None,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """The reconciliation queue: payments of a status, oldest first (every page), each with
    what is left of it to allocate."""
    client = load_client(config, url)
    table = Table(title=f"Payments ({status})")
    for column in ("payment", "bank", "reference", "received", "amount", "left"):
        table.add_column(column, overflow="fold")
    params = {"status": status, "limit": "500", **({"bank": bank} if bank else {})}
    shown = 0
    while True:
        page = client.json("GET", PAYMENTS, params=params)
        for p in page["items"]:
            shown += 1
            table.add_row(
                p["payment_id"],
                p["bank_code"],
                p["reference"],
                p["received_at"],
                p["amount"],
                p["left_to_allocate"],
            )
        if page["next_cursor"] is None:
            break
        params = {**params, "cursor": page["next_cursor"]}
    console.print(table)
    console.print(f"{shown} {status}")


@app.command()
def allocate(
    payment_id: str,
    reference: Annotated[str, typer.Argument(help="the submission the money goes to")],
    amount: Annotated[str, typer.Argument(help="RM, e.g. 91.40")],
    reason: Annotated[str, typer.Option(help="why, for the record (required)")],
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Ask to apply money of a payment to a submission: a second officer approves it."""
    client = load_client(config, url)
    answer = client.json(
        "POST",
        f"{PAYMENTS}/{payment_id}/allocations",
        json={"reference": reference, "amount": amount, "reason": reason},
    )
    asked = answer["approval"]
    console.print(
        f"Asked [bold]{asked['id']}[/bold]: {asked['summary']} "
        f"(a second officer: perkeso approve contributions {asked['id']})"
    )


@app.command("what-if")
def what_if(
    employer: str,
    reference: str,
    pay_on: Annotated[str, typer.Option("--pay-on", help="the day it would be paid, YYYY-MM-DD")],
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """What a submission would cost if paid on a given day (nothing is recorded)."""
    client = load_client(config, url)
    answer = client.json(
        "POST",
        f"/v1/contributions/employers/{employer}/submissions/{reference}/what-if",
        json={"pay_on": pay_on},
    )
    console.print(
        f"Paid on {pay_on}: {answer['days_late']} day(s) late, interest "
        f"RM{answer['late_interest']}, total RM{answer['total']}"
    )
    for line in answer["explanation"]:
        console.print(f"  {line}")
