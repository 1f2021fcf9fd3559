"""What a service reads of an appeal against its own decision (shared.kernel.events)."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.kernel.events import AppealOnDecision, Envelope

REJECTED = "loan.application.rejected"


def event(kind: str, **data: object) -> Envelope:
    return Envelope(
        type=f"appeals.appeal.{kind}",
        source="appeals",
        subject="A1",
        occurred_at=datetime(2025, 8, 31, tzinfo=UTC),
        actor="secretariat-1",
        correlation_id="c",
        data={"appeal_id": "A1", **data},
    )


def test_a_filing_against_one_of_the_decisions_is_read_without_an_outcome() -> None:
    filed = event("filed", decision_event_id="E1", decision_event_type=REJECTED)
    assert AppealOnDecision.about(filed, {REJECTED}) == AppealOnDecision("A1", "E1", REJECTED, None)


def test_a_decision_carries_its_outcome_and_only_allowed_overturns() -> None:
    allowed = event(
        "decided", decision_event_id="E1", decision_event_type=REJECTED, outcome="allowed"
    )
    read = AppealOnDecision.about(allowed, {REJECTED})
    assert read == AppealOnDecision("A1", "E1", REJECTED, "allowed")
    assert read is not None
    assert read.allowed
    dismissed = event(
        "decided", decision_event_id="E1", decision_event_type=REJECTED, outcome="dismissed"
    )
    read = AppealOnDecision.about(dismissed, {REJECTED})
    assert read is not None
    assert not read.allowed


def test_appeals_about_other_decisions_or_none_are_not_ours() -> None:
    other = event("filed", decision_event_id="E1", decision_event_type="dialysis.claim.refused")
    assert AppealOnDecision.about(other, {REJECTED}) is None
    uncited = event("filed", decision_event_id=None, decision_event_type=None)
    assert AppealOnDecision.about(uncited, {REJECTED}) is None
    scheduled = event("hearing_scheduled", decision_event_id="E1", decision_event_type=REJECTED)
    assert AppealOnDecision.about(scheduled, {REJECTED}) is None
