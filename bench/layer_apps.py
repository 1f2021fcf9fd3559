"""The layers of a request, one at a time, for `bench/layers.py`: the ASGI server alone (a raw ASGI
app), plus FastAPI's routing (the bare app of the ceiling), plus what a service endpoint adds
(a validated JSON body with money and an instant, an async dependency, a response model)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header
from pydantic import BaseModel, ConfigDict, Field

BODY = b'{"status":"ok","service":"bare","amount":"123.45"}'


async def raw(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """ASGI with nothing on top: what the server itself costs."""
    if scope["type"] != "http":
        return
    if scope["method"] == "POST":
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


class Callback(BaseModel):
    """A bank callback's shape (services/contribution/schemas.py has the real one)."""

    model_config = ConfigDict(extra="forbid")
    bank_txn_id: str = Field(min_length=1, max_length=64)
    reference: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    paid_at: datetime
    channel: str


class Answer(BaseModel):
    payment_id: str
    reference: str
    status: str
    days_late: int
    late_interest: Decimal


async def caller(authorization: Annotated[str | None, Header()] = None) -> str:
    return authorization or "anonymous"


endpoint = FastAPI()


@endpoint.post("/v1/callbacks/{bank_code}", response_model=Answer)
async def callback(
    bank_code: str, body: Callback, who: Annotated[str, Depends(caller)]
) -> dict[str, Any]:
    return {
        "payment_id": "7f0c2d8e-4a51-4c3b-9a57-2d1f0e6b9c11",
        "reference": body.reference,
        "status": "settled",
        "days_late": 0,
        "late_interest": Decimal("0.00"),
    }
