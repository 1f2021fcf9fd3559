"""No event names a person by IC or name, nor carries a medical detail (issue 16, CONTRACT.md
"Events and privacy"): every event every service declares, checked by its fields."""

from __future__ import annotations

import importlib
from dataclasses import fields, is_dataclass

import pytest

from shared.kernel.events import DomainEvent

SERVICES = ("contribution", "loan", "dialysis", "appeals")
# A person is `person_key`; `ic_masked` (900101-14-****) is for display.
FORBIDDEN = {"ic", "name", "diagnosis", "modality_reason", "refusal_reason", "note"}


def declared_events() -> list[type[DomainEvent]]:
    found = []
    for service in SERVICES:
        module = importlib.import_module(f"services.{service}.events")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DomainEvent)
                and value.__module__ == module.__name__
                # A base that only shares fields (no `type`) is checked through its events.
                and hasattr(value, "type")
            ):
                found.append(value)
    return found


def field_names(kind: type) -> set[str]:
    names = set()
    for f in fields(kind):
        names.add(f.name)
        inner = getattr(f.type, "__args__", ())
        for arg in inner:
            if is_dataclass(arg):
                names |= field_names(arg)  # type: ignore[arg-type]
    return names


def test_every_service_declares_its_events() -> None:
    assert len(declared_events()) >= 30


@pytest.mark.parametrize("event", declared_events(), ids=lambda e: e.type)
def test_no_event_names_a_person_by_ic_or_name(event: type[DomainEvent]) -> None:
    names = field_names(event)
    leaks = {n for n in names if n in FORBIDDEN or n.endswith(("_ic", "_name"))}
    assert not leaks, f"{event.type} carries {sorted(leaks)}"
    assert event.subject_field in names


def test_a_submissions_persons_are_named_by_key() -> None:
    from services.contribution.events import InsuredLine

    assert {f.name for f in fields(InsuredLine)} == {"person_key", "ic_masked", "category", "eis"}


def test_production_refuses_a_development_or_placeholder_person_key_secret() -> None:
    from pydantic import ValidationError

    from shared.process.settings import ServiceSettings

    for secret in (
        "development-only-person-key-secret",
        "REPLACE-ME-with-a-long-random-secret",
        "short",
    ):
        with pytest.raises(ValidationError, match="PERSON_KEY_SECRET"):
            ServiceSettings(environment="production", person_key_secret=secret)
    ok = ServiceSettings(environment="production", person_key_secret="k" * 40)
    assert ok.person_key_secret == "k" * 40
