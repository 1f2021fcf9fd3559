"""The event envelope of the contract, and the typed events services record in it.

Each service declares the events it publishes in its `events.py`, as frozen dataclasses deriving
from `DomainEvent`: the one place that says what an event's `data` holds. A use case records one
with `uow.record(LoanDisbursed(...))`; a consumer reads one back with `LoanDisbursed.parse(data)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Self

from pydantic import TypeAdapter

from shared.kernel import jsonutil
from shared.kernel.clock import in_malaysia_time

ENVELOPE_VERSION = 1


@dataclass(frozen=True)
class Envelope:
    """`{"id", "type", "source", "occurred_at", "subject", "version", "actor", "correlation_id", "data"}`."""

    type: str
    source: str
    subject: str
    occurred_at: datetime
    actor: str
    correlation_id: str
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    version: int = ENVELOPE_VERSION
    # Other records whose history this event is part of (a payment applied to a submission, an
    # approval of a loan's disbursement); kept beside the outbox, not sent on the wire.
    also_about: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source,
            "occurred_at": in_malaysia_time(self.occurred_at),
            "subject": self.subject,
            "version": self.version,
            "actor": self.actor,
            "correlation_id": self.correlation_id,
            "data": self.data,
        }

    def to_json(self) -> bytes:
        return jsonutil.dumps(self.to_dict())

    def follow_up(self, event_type: str, *, source: str, data: dict[str, Any]) -> Envelope:
        """An event a consumer raises because of this one: same subject and correlation, actor "system"."""
        return Envelope(
            type=event_type,
            source=source,
            subject=self.subject,
            occurred_at=datetime.now(self.occurred_at.tzinfo),
            actor="system",
            correlation_id=self.correlation_id,
            data=data,
        )

    @classmethod
    def from_json(cls, payload: bytes | str) -> Envelope:
        raw = jsonutil.loads(payload)
        if not isinstance(raw, dict):
            raise ValueError("event payload is not a JSON object")
        return cls(
            id=str(raw["id"]),
            type=str(raw["type"]),
            source=str(raw["source"]),
            subject=str(raw["subject"]),
            occurred_at=datetime.fromisoformat(str(raw["occurred_at"])),
            actor=str(raw.get("actor", "system")),
            correlation_id=str(raw.get("correlation_id", "")),
            data=dict(raw.get("data") or {}),
            version=int(raw.get("version", ENVELOPE_VERSION)),
        )


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """An event's type, the aggregate it is about, and its data (the dataclass's fields)."""

    type: ClassVar[str]
    # The field whose value is the envelope's `subject` (the aggregate's id).
    subject_field: ClassVar[str]
    # Fields naming other records this event belongs to the history of (`GET <record>/history`).
    history_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def subject(self) -> str:
        return str(getattr(self, self.subject_field))

    def data(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def also_about(self) -> tuple[str, ...]:
        """The other records' keys, from `history_fields` (those that are set)."""
        values = (getattr(self, name) for name in self.history_fields)
        return tuple(str(v) for v in values if v)

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        """The typed event from an envelope's `data` (fields it does not declare are ignored)."""
        names = {f.name for f in fields(cls)}
        known = {key: value for key, value in data.items() if key in names}
        adapter = _ADAPTERS.get(cls)
        if adapter is None:
            adapter = _ADAPTERS[cls] = TypeAdapter(cls)
        parsed: Self = adapter.validate_python(known)
        return parsed


# One validator per event class, built on first use.
_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


@dataclass(frozen=True, kw_only=True)
class AppealableDecision(DomainEvent):
    """What every decision a party may appeal carries, whichever service made it.

    The appeals service records these fields of each such event (contribution's late-interest
    assessments, loan's rejected applications, dialysis's refused treatments and claims): who the
    decision concerns (`person_key` for a person, never the IC, with `ic_masked` to show; or
    `employer_code` for an employer), what was decided in words that hold nothing personal, and
    the day it was decided, from which the limitation period runs.
    """

    person_key: str | None = None
    ic_masked: str | None = None
    employer_code: str | None = None
    reason: str
    decided_on: date


@dataclass(frozen=True)
class AppealOnDecision:
    """What a service that made a decision reads of an appeal against it, from the appeals
    service's `appeals.appeal.filed` and `appeals.appeal.decided` (their publisher declares them
    in full). Both name the decision by its own event id and type, so the service that made it
    can act on either, in whichever order they come. `outcome` is None for a filing."""

    FILED: ClassVar[str] = "appeals.appeal.filed"
    DECIDED: ClassVar[str] = "appeals.appeal.decided"

    appeal_id: str
    decision_event_id: str
    decision_event_type: str
    outcome: str | None

    @property
    def allowed(self) -> bool:
        """The Board allowed the appeal: the decision appealed against is overturned."""
        return self.outcome == "allowed"

    @classmethod
    def about(cls, envelope: Envelope, decision_types: Collection[str]) -> AppealOnDecision | None:
        """The appeal, if `envelope` is one against a decision of one of `decision_types`."""
        data = envelope.data
        cited, kind = data.get("decision_event_id"), data.get("decision_event_type")
        if envelope.type not in (cls.FILED, cls.DECIDED) or not cited or kind not in decision_types:
            return None
        outcome = data.get("outcome") if envelope.type == cls.DECIDED else None
        return cls(str(data["appeal_id"]), str(cited), str(kind), outcome and str(outcome))
