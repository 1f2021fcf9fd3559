"""Recording an external transaction exactly once: a bank's payment, a loan repayment.

The outside party's transaction id is the key (a unique constraint on its source and id, in the
service's table); the hash of the request's canonical form tells a replay (the same body again:
answered as the first time, nothing recorded) from a conflict (another body with the same id:
409). A concurrent delivery that commits first makes the second one's write fail on the unique
constraint; that one is then answered from what the first committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from shared.kernel import jsonutil
from shared.kernel.errors import Conflict
from shared.kernel.i18n import msg

Answer = dict[str, Any]
Outcome = TypeVar("Outcome")


class Recorded(Protocol):
    """What a stored transaction keeps to answer its replays."""

    @property
    def request_hash(self) -> str: ...
    @property
    def response(self) -> dict[str, Any]: ...


def request_hash(body: BaseModel) -> str:
    """The same fields and values give the same hash, however the JSON was spaced or ordered."""
    return hashlib.sha256(jsonutil.dumps(body.model_dump(mode="json"))).hexdigest()


def replay(existing: Recorded, request_hash: str, *, txn_id: str) -> Answer | Conflict:
    """The first answer for the same body; for another body with the same id, the conflict."""
    if existing.request_hash != request_hash:
        return Conflict(
            msg("Transaction {txn_id} was already received with a different body", txn_id=txn_id)
        )
    return dict(existing.response)


def replay_or_raise(existing: Recorded, request_hash: str, *, txn_id: str) -> Answer:
    outcome = replay(existing, request_hash, txn_id=txn_id)
    if isinstance(outcome, Conflict):
        raise outcome
    return outcome


async def record_once(
    write: Callable[[], Awaitable[Outcome]],
    committed_elsewhere: Callable[[], Awaitable[Outcome | None]],
) -> Outcome:
    """`write()` (which replays a transaction it finds already stored); if a concurrent delivery
    committed the same transaction first, the answer from what it stored."""
    try:
        return await write()
    except IntegrityError:
        found = await committed_elsewhere()
        if found is None:
            raise
        return found
