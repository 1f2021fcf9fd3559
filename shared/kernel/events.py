"""The event envelope of the contract, and how a service records events for the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.kernel import jsonutil

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source,
            "occurred_at": self.occurred_at.isoformat(),
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
