"""What every request is held to before any rule sees it: one path form, one date range, no
control characters in text (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, Field, ValidationError

from shared.kernel.dates import Day, Instant, parse_month
from shared.kernel.schema import RequestModel
from shared.web.canonical_path import non_canonical_reason


@pytest.mark.parametrize(
    "path",
    ["/", "/v1/contributions/payments/callbacks/MBB", "/v1/loans/abc-123/schedule", "/healthz"],
)
def test_canonical_paths_pass(path: str) -> None:
    assert non_canonical_reason(path, path.encode()) is None


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/v1/contributions/payments/callbacks/MBB/", None),
        ("/v1/contributions/./payments", None),
        ("/v1/contributions/x/../payments", None),
        ("/v1/contributions/..", None),
        ("/v1//loans", None),
        ("//v1/loans", None),
        ("/v1/loans\\x", None),
        ("/v1/loans\x00", None),
        ("/v1/loans/a\nb", None),
        ("v1/loans", None),
        ("/v1/contributions/payments/callbacks/MBB", b"/v1/contributions/payments%2Fcallbacks/MBB"),
        (
            "/v1/contributions/payments/callbacks/MBB",
            b"/v1/contributions/payments/callbacks/%2e/MBB",
        ),
        ("/v1/loans", b"/v1%5Cloans"),
    ],
)
def test_every_other_spelling_of_a_path_is_refused(path: str, raw: bytes | None) -> None:
    assert non_canonical_reason(path, raw) is not None


class _Dated(BaseModel):
    day: Day
    at: Instant


@pytest.mark.parametrize(
    ("day", "at"),
    [
        ("1900-01-01", "1900-01-01T00:00:00+14:00"),
        ("2100-12-31", "2100-12-31T23:59:59-12:00"),
        ("2025-08-20", "2025-08-20T10:00:00Z"),
    ],
)
def test_dates_and_instants_on_the_bounds_are_accepted(day: str, at: str) -> None:
    parsed = _Dated.model_validate({"day": day, "at": at})
    assert parsed.at.astimezone(UTC).tzinfo is UTC


@pytest.mark.parametrize(
    ("day", "at", "field"),
    [
        ("1899-12-31", "2025-01-01T00:00:00Z", "day"),
        ("2101-01-01", "2025-01-01T00:00:00Z", "day"),
        ("9999-12-31", "2025-01-01T00:00:00Z", "day"),
        ("2025-01-01", "0001-01-01T00:00:00+14:00", "at"),
        ("2025-01-01", "9999-12-31T23:59:59-12:00", "at"),
        ("2025-01-01", "1899-12-31T23:59:59Z", "at"),
        ("2025-01-01", "2025-01-01T00:00:00", "at"),
    ],
)
def test_dates_and_instants_outside_the_range_name_their_field(
    day: str, at: str, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _Dated.model_validate({"day": day, "at": at})
    assert [e["loc"][0] for e in raised.value.errors()] == [field]


def test_an_instant_on_the_edge_still_converts_to_every_offset() -> None:
    earliest = datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=14)))
    assert _Dated.model_validate({"day": date(1900, 1, 1), "at": earliest}).at.astimezone(UTC)


@pytest.mark.parametrize(
    "text", ["1899-12", "2101-01", "０２０２５-07", "2025-7", "2025-13", "2025-07\n"]
)
def test_months_outside_the_range_or_in_other_digits_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


def test_months_on_the_bounds_parse() -> None:
    assert parse_month("1900-01") == (1900, 1)
    assert parse_month("2100-12") == (2100, 12)


class _Note(RequestModel):
    reference: str
    lines: list[str] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reference": "REF\x00"}, "reference"),
        ({"reference": "ok", "lines": ["fine", "bad\x1b[31m"]}, "lines"),
        ({"reference": "ok", "notes": {"a": "\x7f"}}, "notes"),
        ({"reference": "Siti\u202eevil"}, "reference"),  # a bidirectional override
        ({"reference": "line\u2028break"}, "reference"),
        ({"reference": "c1\x85"}, "reference"),
    ],
)
def test_control_characters_in_any_text_are_refused_naming_the_field(
    body: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _Note.model_validate(body)
    assert raised.value.errors()[0]["loc"][0] == field


def test_tabs_and_line_ends_stay_allowed_in_text() -> None:
    assert _Note.model_validate({"reference": "line one\r\n\tline two"}).reference


class _Flags(RequestModel):
    eis: bool = True
    override: bool | None = None


def test_a_yes_or_no_field_takes_only_json_booleans() -> None:
    """Issue 16: `"eis": "yes"` was read as true."""
    assert _Flags.model_validate({"eis": False, "override": None}).eis is False
    for sent in ("yes", "true", 1, 0, "false"):
        with pytest.raises(ValidationError) as raised:
            _Flags.model_validate({"eis": sent})
        assert raised.value.errors()[0]["loc"] == ("eis",)
    with pytest.raises(ValidationError):
        _Flags.model_validate({"override": "no"})
