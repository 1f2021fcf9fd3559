"""The README's walk-through against the real processes `make run` starts."""

from __future__ import annotations

import asyncio
import json
import time
from decimal import Decimal

import httpx
import nats

from gateway.signatures import sign
from tests.e2e.conftest import System
from tests.support.builders import random_ic, random_txn_id


def test_token_calculate_submit_signed_callback_statement_and_event(system: System) -> None:
    officer = system.headers("officer-1")
    employer = system.headers("acme-payroll")
    with httpx.Client(base_url=system.gateway, timeout=20) as http:
        calc = http.post(
            "/v1/contributions/calculate",
            json={"wage": "3450.00", "category": "first", "eis": True, "month": "2025-07"},
            headers=officer,
        )
        assert calc.status_code == 200, calc.text
        assert calc.json()["socso"]["total"] == "77.60"
        http.post(
            "/v1/contributions/employers",
            json={"employer_code": "E1000001", "name": "Acme", "state": "SGR"},
            headers=officer,
        )
        sub = http.post(
            "/v1/contributions/employers/E1000001/submissions",
            json={
                "month": "2025-07",
                "lines": [{"ic": random_ic(age=35), "name": "Siti Aminah", "wage": "3450.00"}],
            },
            headers={**employer, "Idempotency-Key": random_txn_id()},
        )
        assert sub.status_code == 201, sub.text
        reference = sub.json()["reference"]
        assert sub.json()["due_date"] == "2025-08-15"
        body = json.dumps(
            {
                "bank_txn_id": random_txn_id(),
                "reference": reference,
                "amount": "91.40",
                "paid_at": "2025-08-18T10:00:00+08:00",
                "channel": "FPX",
            }
        ).encode()
        paid = http.post(
            "/v1/contributions/payments/callbacks/MBB",
            content=body,
            headers={
                "X-Signature": sign("whsec-e2e-maybank", int(time.time()), body),
                "Content-Type": "application/json",
            },
        )
        assert paid.status_code == 200, paid.text
        assert paid.json()["status"] == "settled"
        # Due Friday 15 August 2025; paid Monday the 18th: 3 days late, under the RM5 minimum.
        assert (paid.json()["days_late"], paid.json()["late_interest"]) == (3, "5.00")
        statement = http.get("/v1/contributions/employers/E1000001/statement", headers=employer)
        # The system's other tests may leave more of this employer's months on the statement.
        [line] = [s for s in statement.json()["submissions"] if s["reference"] == reference]
        assert (line["outstanding"], line["late_interest_assessed"], line["interest_owed"]) == (
            "0.00",
            "5.00",
            "5.00",
        )
        totals = {k: Decimal(v) for k, v in statement.json()["totals"].items()}
        assert totals["interest_owed"] >= Decimal("5.00")
        assert totals["amount_due"] == totals["outstanding"] + totals["interest_owed"]
    payment_id = paid.json()["payment_id"]

    async def find_event() -> dict[str, object]:
        nc = await nats.connect(system.env["NATS_URL"])
        try:
            js = nc.jetstream()
            for _ in range(50):
                try:
                    message = await js.get_last_msg("CONTRIBUTION", "contribution.payment.received")
                    envelope = json.loads(message.data)
                    if envelope["subject"] == payment_id:
                        return dict(envelope)
                except Exception:  # noqa: S110 - the stream may not have it yet
                    pass
                await asyncio.sleep(0.2)
        finally:
            await nc.close()
        raise AssertionError("the payment's event never reached JetStream")

    event = asyncio.run(find_event())
    assert event["type"] == "contribution.payment.received"


def test_the_supervisor_restarts_a_process_that_dies(system: System) -> None:
    import os
    import signal as signals

    pid = system.child_pid("contribution")
    os.kill(pid, signals.SIGKILL)
    system.wait_for_output("contribution exited with code")
    system.wait_for_output("contribution restarted")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(f"http://127.0.0.1:{system.env['CONTRIBUTION_PORT']}/healthz").status_code
                == 200
            ):
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    assert system.child_pid("contribution") != pid
