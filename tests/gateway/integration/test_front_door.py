"""The gateway as the front door: summary fan-out, the event stream, limits, headers, one OpenAPI document."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, date, datetime

import httpx
import nats
import pytest
from fastapi import FastAPI

from gateway import events_stream
from gateway.main import create_app as create_gateway
from gateway.signatures import sign
from tests.gateway.conftest import Stack, gateway_settings, secret_of
from tests.support.builders import random_ic, random_txn_id
from tests.support.nats_server import free_port
from tests.support.servers import serve


async def member_with_contributions(stack: Stack) -> tuple[str, str]:
    officer = await stack.headers("officer-1")
    code = "E" + random_txn_id()[-7:].replace("X", "7")
    await stack.client.post(
        "/v1/contributions/employers",
        json={"employer_code": code, "name": "Summary Sdn Bhd"},
        headers=officer,
    )
    ic = random_ic(age=30, on=date(2025, 7, 1))
    submitted = await stack.client.post(
        f"/v1/contributions/employers/{code}/submissions",
        json={"month": "2025-07", "lines": [{"ic": ic, "name": "Ahmad", "wage": "2500.00"}]},
        headers=officer,
    )
    assert submitted.status_code == 201, submitted.text
    return ic, submitted.json()["reference"]


async def test_the_summary_fans_out_to_all_four_services(stack: Stack) -> None:
    ic, _ = await member_with_contributions(stack)
    response = await stack.client.get(
        f"/v1/insured-persons/{ic}/summary", headers=await stack.headers("mobile-app", ic=ic)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["contributions"]["months"][0]["month"] == "2025-07"
    assert body["loans"]["applications"] == []
    assert body["dialysis"]["treatments"] == []
    assert body["appeals"]["appeals"] == []
    other = await stack.client.get(
        f"/v1/insured-persons/{ic}/summary",
        headers=await stack.headers("mobile-app", ic=random_ic()),
    )
    assert other.status_code == 404
    bank = await stack.client.get(
        f"/v1/insured-persons/{ic}/summary", headers=await stack.headers("maybank")
    )
    assert bank.status_code == 403
    assert (
        await stack.client.get(
            "/v1/insured-persons/12345/summary", headers=await stack.headers("officer-1")
        )
    ).status_code == 422


def slow_app() -> FastAPI:
    app = FastAPI()

    @app.get("/v1/dialysis/insured-persons/{ic}")
    async def slow(ic: str) -> dict[str, str]:
        await asyncio.sleep(10)
        return {"ic": ic}

    return app


async def test_a_down_or_slow_service_leaves_its_section_unavailable_and_the_answer_comes_in_time(
    stack: Stack, nats_url: str
) -> None:
    ic, _ = await member_with_contributions(stack)
    slow_port, port = free_port(), free_port()
    urls = {
        **stack.service_urls,
        "loan": f"http://127.0.0.1:{free_port()}",
        "dialysis": f"http://127.0.0.1:{slow_port}",
    }
    gateway = create_gateway(
        gateway_settings(
            stack.directory,
            port,
            urls,
            nats_url,
            summary_timeout_seconds=1.0,
            jwt_private_key_file=stack.directory / "jwt.pem",
        )
    )
    async with (
        serve(slow_app(), slow_port),
        serve(gateway, port) as url,
        httpx.AsyncClient(base_url=url, timeout=20) as client,
    ):
        token = (
            await client.post(
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "officer-1",
                    "client_secret": secret_of("officer-1"),
                },
            )
        ).json()["access_token"]
        started = time.monotonic()
        response = await client.get(
            f"/v1/insured-persons/{ic}/summary", headers={"Authorization": f"Bearer {token}"}
        )
        elapsed = time.monotonic() - started
        down = await client.get("/v1/loans", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["loans"] == {"error": "unavailable"}
    assert body["dialysis"] == {"error": "unavailable"}
    assert body["contributions"]["ic"] == ic
    assert elapsed < 3.0, f"the answer waited {elapsed:.1f}s for a slow service"
    assert down.status_code == 502
    assert down.headers["content-type"].startswith("application/problem+json")


async def read_events(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    want: int,
    params: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    events: list[dict[str, str]] = []
    async with client.stream(
        "GET", "/v1/events/stream", headers=headers, params=params
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        block: dict[str, str] = {}
        async for line in response.aiter_lines():
            if line == "":
                if "id" in block:
                    events.append(block)
                    if len(events) >= want:
                        return events
                block = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                block[name] = value
    return events


async def post_payment(stack: Stack, reference: str, amount: str = "1.00") -> str:
    body = json.dumps(
        {
            "bank_txn_id": random_txn_id(),
            "reference": reference,
            "amount": amount,
            "paid_at": "2025-08-12T10:00:00+08:00",
            "channel": "FPX",
        }
    ).encode()
    response = await stack.client.post(
        "/v1/contributions/payments/callbacks/MBB",
        content=body,
        headers={
            "X-Signature": sign("whsec-maybank", int(time.time()), body),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["payment_id"])


PAYMENTS = {"subjects": "contribution.payment.received"}


async def one_read_then_three_missed(
    stack: Stack, headers: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """A dashboard reads one payment's event and goes away; three more payments follow."""
    _, reference = await member_with_contributions(stack)
    reader = asyncio.create_task(read_events(stack.client, headers, 1, PAYMENTS))
    await asyncio.sleep(0.5)
    first = await post_payment(stack, reference)
    [event] = await asyncio.wait_for(reader, timeout=15)
    assert event["event"] == "contribution.payment.received"
    assert json.loads(event["data"])["subject"] == first
    return event, [await post_payment(stack, reference) for _ in range(3)]


async def test_the_event_stream_resumes_from_last_event_id_without_missing_anything(
    stack: Stack,
) -> None:
    headers = await stack.headers("ops-dashboard")
    params = PAYMENTS
    event, missed = await one_read_then_three_missed(stack, headers)
    resumed = await asyncio.wait_for(
        read_events(stack.client, {**headers, "Last-Event-ID": event["id"]}, 3, params), timeout=15
    )
    assert [json.loads(e["data"])["subject"] for e in resumed] == missed


async def test_a_resume_works_through_a_gateway_that_never_saw_the_event(
    stack: Stack, nats_url: str
) -> None:
    """Issue 16: after a gateway restart `Last-Event-ID` resumed nothing (the index was in memory);
    a freshly started gateway, another replica as good as a restart, resumes from it."""
    headers = await stack.headers("ops-dashboard")
    params = PAYMENTS
    event, missed = await one_read_then_three_missed(stack, headers)
    port = free_port()
    restarted = create_gateway(
        gateway_settings(stack.directory, port, stack.service_urls, nats_url)
    )
    async with serve(restarted, port) as url, httpx.AsyncClient(base_url=url, timeout=20) as client:
        resumed = await asyncio.wait_for(
            read_events(client, {**headers, "Last-Event-ID": event["id"]}, 3, params), timeout=15
        )
    assert [json.loads(e["data"])["subject"] for e in resumed] == missed


async def test_a_burst_larger_than_the_client_queue_arrives_whole_across_resumes(
    stack: Stack, nats_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replay after an outage can be bigger than a client's queue: the gateway sends a gap-free
    run, ends with `overflow`, and the client's resume from its Last-Event-ID gets the rest."""
    monkeypatch.setattr(events_stream, "QUEUE_LIMIT", 20)
    subject = f"contribution.burst{random_txn_id()[-6:].lower()}.tested"
    since = datetime.now(UTC).isoformat()
    connection = await nats.connect(nats_url)
    js = connection.jetstream()
    published = []
    for n in range(120):
        envelope = {"id": f"burst-{n:03d}-{random_txn_id()}", "type": subject, "data": {"n": n}}
        await js.publish(subject, json.dumps(envelope).encode(), stream="CONTRIBUTION")
        published.append(envelope["id"])
    await connection.close()
    headers = await stack.headers("ops-dashboard")
    received: list[str] = []
    endings: list[str] = []
    params = {"subjects": subject, "since": since}
    for _ in range(30):
        resume = {"Last-Event-ID": received[-1]} if received else {}
        ids, ending = await asyncio.wait_for(
            read_until_end(
                stack.client,
                {**headers, **resume},
                params,
                stop_after=len(published) - len(received),
            ),
            timeout=15,
        )
        received += ids
        endings.append(ending)
        if len(received) >= len(published):
            break
    assert received == published
    assert "overflow" in endings


async def read_until_end(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, str], stop_after: int
) -> tuple[list[str], str]:
    """Event ids until the server ends the stream (its last event's name) or `stop_after` ids."""
    ids: list[str] = []
    async with client.stream(
        "GET", "/v1/events/stream", headers=headers, params=params
    ) as response:
        assert response.status_code == 200
        block: dict[str, str] = {}
        async for line in response.aiter_lines():
            if line == "":
                if "id" in block:
                    ids.append(block["id"])
                    if len(ids) >= stop_after:
                        return ids, "enough"
                elif "event" in block:
                    return ids, block["event"]
                block = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                block[name] = value
    return ids, "closed"


async def test_only_dashboards_and_officers_read_the_stream(stack: Stack) -> None:
    ic = random_ic()
    for client_id, form in (("acme-payroll", {}), ("mobile-app", {"ic": ic}), ("maybank", {})):
        response = await stack.client.get(
            "/v1/events/stream", headers=await stack.headers(client_id, **form)
        )
        assert response.status_code == 403
    assert (await stack.client.get("/v1/events/stream")).status_code == 401
    bad = await stack.client.get(
        "/v1/events/stream",
        params={"subjects": "payroll.>"},
        headers=await stack.headers("officer-1"),
    )
    assert bad.status_code == 422


async def test_rate_limits_answer_429_with_retry_after(stack: Stack, nats_url: str) -> None:
    port = free_port()
    gateway = create_gateway(
        gateway_settings(
            stack.directory,
            port,
            stack.service_urls,
            nats_url,
            rate_limits={"member": "1:3", "anonymous": "1000:1000"},
        )
    )
    ic = random_ic()
    async with serve(gateway, port) as url, httpx.AsyncClient(base_url=url, timeout=20) as client:
        token = (
            await client.post(
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "mobile-app",
                    "client_secret": secret_of("mobile-app"),
                    "ic": ic,
                },
            )
        ).json()["access_token"]
        statuses = [
            (await client.get("/v1/loans", headers={"Authorization": f"Bearer {token}"}))
            for _ in range(5)
        ]
    assert [r.status_code for r in statuses[:3]] == [200, 200, 200]
    assert statuses[-1].status_code == 429
    assert int(statuses[-1].headers["retry-after"]) >= 1
    assert statuses[-1].headers["content-type"].startswith("application/problem+json")


async def test_oversized_bodies_are_refused(stack: Stack) -> None:
    response = await stack.client.post(
        "/v1/contributions/calculate",
        content=b"{" + b" " * (2 << 20) + b"}",
        headers={**await stack.headers("officer-1"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413


async def test_security_headers_and_the_dashboard_page(stack: Stack) -> None:
    page = await stack.client.get("/dashboard")
    assert page.status_code == 200
    assert "PERKESO operations" in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert (await stack.client.get("/dashboard/static/app.js")).status_code == 200


async def test_one_openapi_document_for_the_whole_api(stack: Stack) -> None:
    document = (await stack.client.get("/openapi.json")).json()
    paths = document["paths"]
    for expected in (
        "/v1/contributions/calculate",
        "/v1/loans/quote",
        "/v1/dialysis/treatments",
        "/v1/appeals",
        "/v1/insured-persons/{ic}/summary",
        "/auth/token",
    ):
        assert expected in paths, expected
    assert set(document["components"]["securitySchemes"]) == {
        "bearerAuth",
        "clientCredentials",
        "bankSignature",
    }
    assert "loan.DecisionIn" in document["components"]["schemas"]
    assert "appeals.DecisionIn" in document["components"]["schemas"]
    assert paths["/v1/contributions/payments/callbacks/{bank_code}"]["post"]["security"] == [
        {"bankSignature": []}
    ]
