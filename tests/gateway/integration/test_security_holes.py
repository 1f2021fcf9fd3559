"""The holes an outside security test found (issue 15), each tried for its whole class.

Paths are sent byte for byte over a socket: HTTP clients tidy dot segments and slashes away, which
is exactly what the gateway must never rely on.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlsplit

import httpx
import pytest

from gateway.main import create_app as create_gateway
from gateway.signatures import sign
from shared.kernel.dates import DATE_PATTERN, INSTANT_PATTERN
from tests.gateway.conftest import SERVICES, Stack, gateway_settings, secret_of
from tests.support.builders import random_ic, random_txn_id
from tests.support.nats_server import free_port
from tests.support.servers import serve


async def raw_request(
    base_url: str, method: str, path: str, *, headers: dict[str, str], body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request with the path exactly as given; the status, headers and body back."""
    url = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {url.netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    answer_headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        answer_headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), answer_headers, content


def payment_body(reference: str, txn: str) -> bytes:
    return json.dumps(
        {
            "bank_txn_id": txn,
            "reference": reference,
            "amount": "10.00",
            "paid_at": "2025-08-12T10:00:00+08:00",
            "channel": "FPX",
        }
    ).encode()


async def unmatched_references(stack: Stack) -> set[str]:
    """Every unmatched payment's reference, all pages of the reconciliation queue."""
    found: set[str] = set()
    params = {"status": "unmatched", "limit": "500"}
    while True:
        listed = await stack.client.get(
            "/v1/contributions/payments", params=params, headers=await stack.headers("officer-1")
        )
        assert listed.status_code == 200, listed.text
        found |= {p["reference"] for p in listed.json()["items"]}
        if listed.json()["next_cursor"] is None:
            return found
        params = {**params, "cursor": listed.json()["next_cursor"]}


NON_CANONICAL_CALLBACKS = [
    "/v1/contributions/payments/callbacks/MBB/",
    "/v1/contributions/./payments/callbacks/MBB",
    "/v1/contributions/payments/callbacks/x/../MBB",
    "/v1/contributions//payments/callbacks/MBB",
    "/v1/contributions/payments/callbacks%2FMBB",
    "/v1/contributions/payments/callbacks/%2e%2e/callbacks/MBB",
    "/v1/contributions/payments/callbacks/MBB%5c",
    "/v1/loans/repayments/callbacks/MBB/",
    "/v1/loans/./repayments/callbacks/MBB",
    "/v1/loans/repayments/callbacks/x/../MBB",
    # Double encodings, decoded once more on the hop to the service.
    "/v1/contributions/payments/callbacks/x/%252e%252e/MBB",
    "/v1/loans/repayments/callbacks/%4dBB",
]


@pytest.mark.parametrize("path", NON_CANONICAL_CALLBACKS)
async def test_a_callback_path_in_another_spelling_is_refused_and_records_nothing(
    stack: Stack, path: str
) -> None:
    """Issue 15.1: a bank client's bearer token on a trailing-slash or dot-segment path recorded money."""
    reference = f"NOSIG-{random_txn_id()}"
    bank_token = await stack.token("maybank")
    for base in (stack.gateway_url, stack.service_urls["contribution"], stack.service_urls["loan"]):
        status, headers, body = await raw_request(
            base,
            "POST",
            path,
            headers={"Authorization": f"Bearer {bank_token}", "Content-Type": "application/json"},
            body=payment_body(reference, random_txn_id()),
        )
        assert status == 400, (base, path, body)
        assert headers["content-type"].startswith("application/problem+json")
        assert json.loads(body)["type"].endswith("/non-canonical-path")
    assert reference not in await unmatched_references(stack)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/dialysis/centres/",
        "/v1/appeals/./boards",
        "/v1/loans/x/../applications",
        "/v1/contributions//banks",
        "/v1/insured-persons/900101145678/summary/",
        "/auth/token/",
        "/v1/loans/%252e%252e/%252e%252e/metrics",
        "/v1/loans/%252E%252e/contributions/banks",
        "/v1/loans/%61pplications",
    ],
)
async def test_every_route_answers_only_its_canonical_path(stack: Stack, path: str) -> None:
    status, _, body = await raw_request(
        stack.gateway_url, "GET", path, headers=await stack.headers("officer-1")
    )
    assert status == 400, body


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("contribution", "/v1/contributions/payments/callbacks/MBB"),
        ("loan", "/v1/loans/repayments/callbacks/MBB"),
    ],
)
async def test_a_bank_client_secret_alone_never_records_money(
    stack: Stack, service: str, path: str
) -> None:
    """The services take a callback only with the gateway's token for a verified signature."""
    reference = f"DIRECT-{random_txn_id()}"
    body = payment_body(reference, random_txn_id())
    if service == "loan":
        body = json.dumps(
            {
                "bank_txn_id": random_txn_id(),
                "loan_account": "L-1",
                "amount": "10.00",
                "paid_at": "2025-08-12T10:00:00+08:00",
            }
        ).encode()
    async with httpx.AsyncClient(base_url=stack.service_urls[service], timeout=20) as direct:
        response = await direct.post(
            path,
            content=body,
            headers={
                "Authorization": f"Bearer {await stack.token('maybank')}",
                "Content-Type": "application/json",
            },
        )
    assert response.status_code == 403, response.text
    assert reference not in await unmatched_references(stack)


async def test_the_signed_callback_still_records_through_the_gateway(stack: Stack) -> None:
    reference = f"SIGNED-{random_txn_id()}"
    body = payment_body(reference, random_txn_id())
    response = await stack.client.post(
        "/v1/contributions/payments/callbacks/MBB",
        content=body,
        headers={
            "X-Signature": sign("whsec-maybank", int(time.time()), body),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 200, response.text
    assert reference in await unmatched_references(stack)


async def test_each_member_has_a_rate_limit_of_its_own(stack: Stack, nats_url: str) -> None:
    """Issue 15.3: the limit was per client, and every member shares the mobile app's client."""
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
    async with serve(gateway, port) as url, httpx.AsyncClient(base_url=url, timeout=20) as client:

        async def member_token(ic: str) -> str:
            answer = await client.post(
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "mobile-app",
                    "client_secret": secret_of("mobile-app"),
                    "ic": ic,
                },
            )
            return str(answer.json()["access_token"])

        first, second = await member_token(random_ic()), await member_token(random_ic())
        busy = [
            (await client.get("/v1/loans", headers={"Authorization": f"Bearer {first}"}))
            for _ in range(5)
        ]
        quiet = await client.get("/v1/loans", headers={"Authorization": f"Bearer {second}"})
    assert busy[-1].status_code == 429
    assert quiet.status_code == 200, quiet.text


async def test_callbacks_to_unknown_banks_share_the_callers_address_limit(
    stack: Stack, nats_url: str
) -> None:
    """Issue 15.2: any `/callbacks/` path was a bank's 500/s, a new bucket for each last segment."""
    port = free_port()
    gateway = create_gateway(
        gateway_settings(
            stack.directory,
            port,
            stack.service_urls,
            nats_url,
            rate_limits={"anonymous": "1:3", "bank": "1000:1000"},
        )
    )
    async with serve(gateway, port) as url, httpx.AsyncClient(base_url=url, timeout=20) as client:
        answers = [
            await client.post(f"/v1/contributions/payments/callbacks/NOPE{n}", content=b"{}")
            for n in range(6)
        ]
    assert [a.status_code for a in answers[:3]] == [401, 401, 401]
    assert answers[-1].status_code == 429


async def test_a_member_cannot_replay_another_members_idempotency_key(stack: Stack) -> None:
    """Issue 15.3: member B re-sending member A's key got A's stored answer, with A's IC."""
    key = random_txn_id()
    first_ic, second_ic, third_ic = (random_ic(age=30) for _ in range(3))
    body = {"ic": first_ic, "name": "Aminah", "plan": 1, "sector": "transport"}

    async def register(ic: str, as_ic: str) -> httpx.Response:
        return await stack.client.post(
            "/v1/contributions/self-employed/registrations",
            json={**body, "ic": ic},
            headers={**await stack.headers("mobile-app", ic=as_ic), "Idempotency-Key": key},
        )

    first = await register(first_ic, first_ic)
    assert first.status_code == 201, first.text
    stolen = await register(first_ic, third_ic)
    assert stolen.status_code == 404, stolen.text
    assert first_ic not in stolen.text
    assert "idempotent-replayed" not in stolen.headers
    own = await register(second_ic, second_ic)
    assert own.status_code == 201, own.text
    assert own.json()["ic"] == second_ic
    replayed = await register(first_ic, first_ic)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json() == first.json()


FULLWIDTH = "９００１０１１４５６７８"
ARABIC_INDIC = "٩٠٠١٠١١٤٥٦٧٨"


@pytest.mark.parametrize("ic", [FULLWIDTH, ARABIC_INDIC, "९००१०१-१४-५६७८"])
async def test_ics_in_other_scripts_digits_are_refused_everywhere(stack: Stack, ic: str) -> None:
    """Issue 15.4: `\\d` matched them: the same person twice in a month, a member token issued."""
    token = await stack.client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "mobile-app",
            "client_secret": secret_of("mobile-app"),
            "ic": ic,
        },
    )
    assert token.status_code == 422, token.text
    assert token.json()["errors"][0]["field"] == "ic"
    officer = await stack.headers("officer-1")
    for path in (
        f"/v1/insured-persons/{ic}/summary",
        f"/v1/contributions/insured-persons/{ic}",
        f"/v1/loans/insured-persons/{ic}",
        f"/v1/dialysis/insured-persons/{ic}",
        f"/v1/appeals/insured-persons/{ic}",
    ):
        response = await stack.client.get(path, headers=officer)
        assert response.status_code == 422, (path, response.text)
    line = await stack.client.post(
        "/v1/contributions/employers/E1000001/submissions",
        json={"month": "2025-07", "lines": [{"ic": ic, "name": "A", "wage": "1000.00"}]},
        headers=officer,
    )
    assert line.status_code == 422, line.text
    assert "lines[0].ic" in {e["field"] for e in line.json()["errors"]}


OUT_OF_RANGE = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59+00:00", "1899-12-31T23:00:00Z"]


@pytest.mark.parametrize("instant", OUT_OF_RANGE)
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/v1/loans/L-1/epf-withdrawals",
            {"epf_reference": "EPF-1", "amount": "10.00", "received_at": None},
            "received_at",
        ),
        ("/v1/appeals/A-1/hearings", {"starts_at": None}, "starts_at"),
        (
            "/v1/contributions/self-employed/900101145678/payments",
            {"amount": "10.00", "paid_at": None},
            "paid_at",
        ),
    ],
)
async def test_instants_outside_1900_to_2100_are_422_naming_the_field(
    stack: Stack, instant: str, path: str, body: dict[str, object], field: str
) -> None:
    """Issue 15.5: these were 500s (no UTC instant exists for 0001-01-01T00:00+14:00)."""
    body = {name: (instant if value is None else value) for name, value in body.items()}
    response = await stack.client.post(path, json=body, headers=await stack.headers("officer-1"))
    assert response.status_code == 422, response.text
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/v1/loans/quote",
            {
                "amount": "12000.00",
                "offer_accepted_on": None,
                "final_disbursement_month": "2027-06",
            },
            "offer_accepted_on",
        ),
        (
            "/v1/appeals/boards/B01/members",
            {"name": "Dato' A", "role": "chairman", "appointed_on": None},
            "appointed_on",
        ),
        ("/v1/dialysis/treatments/T-1/decision", {"approve": True, "starts_on": None}, "starts_on"),
        (
            "/v1/dialysis/claims/support",
            {"treatment_id": "T-1", "kind": "epo", "service_date": None, "amount": "1.00"},
            "service_date",
        ),
    ],
)
async def test_dates_outside_1900_to_2100_are_422_naming_the_field(
    stack: Stack, day: str, path: str, body: dict[str, object], field: str
) -> None:
    body = {name: (day if value is None else value) for name, value in body.items()}
    response = await stack.client.post(path, json=body, headers=await stack.headers("officer-1"))
    assert response.status_code == 422, response.text
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("since", ["9999-12-31", "0001-01-01"])
async def test_the_payments_list_refuses_a_since_outside_the_range(
    stack: Stack, since: str
) -> None:
    response = await stack.client.get(
        "/v1/contributions/payments/received",
        params={"since": since},
        headers=await stack.headers("officer-1"),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "since"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "0001-01-01T00:00:00+14:00"}, "since"),
        ({"since": "9999-12-31T00:00:00Z"}, "since"),
        ({"subjects": "loan.>\ncontribution.>"}, "subjects"),
        ({"subjects": "loan..x"}, "subjects"),
        ({"subjects": "loan.>.x"}, "subjects"),
    ],
)
async def test_the_event_stream_checks_its_own_parameters(
    stack: Stack, params: dict[str, str], field: str
) -> None:
    """Issue 15.5: the stream answered 503 for these, as if NATS were down."""
    response = await stack.client.get(
        "/v1/events/stream", params=params, headers=await stack.headers("ops-dashboard")
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_every_date_and_instant_a_request_takes_is_bounded_in_its_schema(
    stack: Stack,
) -> None:
    """So that generated requests try the bounds: each service's document, every operation."""
    unbounded = []
    for name in SERVICES:
        async with httpx.AsyncClient(base_url=stack.service_urls[name]) as direct:
            document = (await direct.get("/openapi.json")).json()
        schemas = document["components"]["schemas"]

        seen: set[str] = set()

        def walk(
            node: object,
            where: str,
            schemas: dict[str, object] = schemas,
            seen: set[str] = seen,
            name: str = name,
        ) -> None:
            if isinstance(node, dict):
                if "$ref" in node:
                    target = node["$ref"].rsplit("/", 1)[-1]
                    if target not in seen:
                        seen.add(target)
                        walk(schemas[target], target)
                    return
                expected = {"date": DATE_PATTERN, "date-time": INSTANT_PATTERN}.get(
                    str(node.get("format"))
                )
                if expected is not None and node.get("pattern") != expected:
                    unbounded.append(f"{name}: {where}")
                for key, value in node.items():
                    walk(value, f"{where}.{key}")
            elif isinstance(node, list):
                for item in node:
                    walk(item, where)

        for path, item in document["paths"].items():
            for method, operation in item.items():
                seen.clear()
                walk(operation.get("parameters", []), f"{method} {path} parameters")
                walk(operation.get("requestBody", {}), f"{method} {path} body")
    assert not unbounded


async def test_problems_are_documented_as_problems_on_every_operation(stack: Stack) -> None:
    """Issue 15.7: every 422 was `HTTPValidationError` in application/json; the rest undocumented."""
    document = (await stack.client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in json.dumps(document)
    for path, item in document["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            for status in ("401", "403", "404", "429", "503"):
                assert status in responses, (method, path, status)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], (path, status)
    upload = document["paths"]["/v1/contributions/employers/{employer_code}/submissions/textfile"]
    upload = upload["post"]
    assert {"200", "201", "202", "422"} <= set(upload["responses"])
    assert "multipart/form-data" in upload["requestBody"]["content"]
    export = document["paths"][
        "/v1/contributions/employers/{employer_code}/submissions/{reference}/textfile"
    ]["get"]
    assert list(export["responses"]["200"]["content"]) == ["text/plain"]
