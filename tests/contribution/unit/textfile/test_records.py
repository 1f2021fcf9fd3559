"""The fixed-width layouts of reference/tables/README.md: 278 characters combined, 223 separate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution.textfile.layouts import COMBINED_V1, COMBINED_V2, EIS_ONLY, SOCSO_ONLY
from services.contribution.textfile.records import (
    LineError,
    Record,
    ascii_name,
    detect_combined_version,
    parse,
    render,
)

VALUES = {
    "employer_code": "E1000001",
    "mycoid": "201901000001",
    "id_number": "900101145678",
    "name": "SITI AMINAH",
    "month": "072025",
    "wage": Decimal("3450.00"),
    "socso_employer": Decimal("60.35"),
    "socso_employee": Decimal("17.25"),
    "eis_employer": Decimal("6.90"),
    "eis_employee": Decimal("6.90"),
    "skbbk_employee": Decimal("25.85"),
}


@pytest.mark.parametrize("layout", [COMBINED_V1, COMBINED_V2, SOCSO_ONLY, EIS_ONLY])
def test_layout_lengths_and_positions(layout: object) -> None:
    fields = layout.fields  # type: ignore[attr-defined]
    assert sum(f.length for f in fields) == layout.length  # type: ignore[attr-defined]
    position = 1
    for field in fields:
        assert field.start == position, field.name
        position += field.length


def test_combined_lines_are_278_and_separate_223() -> None:
    assert (COMBINED_V1.length, COMBINED_V2.length, SOCSO_ONLY.length) == (278, 278, 223)


@pytest.mark.parametrize("layout", [COMBINED_V1, COMBINED_V2])
def test_render_then_parse_round_trips(layout: object) -> None:
    line = render(VALUES, layout)  # type: ignore[arg-type]
    assert line[200:214] == "00000000345000"  # wages in sen, right-justified, zero-padded
    assert line[0:12] == "E1000001    "  # alphanumerics left-justified, space-padded
    record = parse(1, line.encode(), layout)  # type: ignore[arg-type]
    assert isinstance(record, Record)
    assert (
        record.person_id,
        record.month,
        record.amounts["wage"],
        record.amounts["socso_employee"],
    ) == (
        "900101145678",
        "2025-07",
        Decimal("3450.00"),
        Decimal("17.25"),
    )
    assert detect_combined_version(line) is layout


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda line: line[:-1], "line"),
        (lambda line: line[:32] + "901301145678" + line[44:], "id_number"),
        (lambda line: line[:194] + "132025" + line[200:], "month"),
        (lambda line: line[:200] + "0000000034500X" + line[214:], "wage"),
        (lambda line: line[:44] + " " * 150 + line[194:], "name"),
    ],
)
def test_bad_lines_name_the_field(mutate: object, field: str) -> None:
    line = mutate(render(VALUES, COMBINED_V1))  # type: ignore[operator]
    errors = parse(7, line.encode(), COMBINED_V1)
    assert isinstance(errors, list)
    assert errors[0] == LineError(7, field, errors[0].reason)


def test_non_ascii_is_refused_and_exported_names_are_transliterated() -> None:
    line = (
        render({**VALUES, "name": "ZOE"}, COMBINED_V1).encode().replace(b"ZOE", "ZOË".encode()[:3])
    )
    errors = parse(3, line[:278], COMBINED_V1)
    assert isinstance(errors, list)
    assert errors[0].field in ("name", "line")
    assert ascii_name("Zoë Ñoño") == "Zoe Nono"
    assert ascii_name("李") == "?"


@pytest.mark.parametrize("month", ["070001", "129999", "011899", "002025", "132025"])
def test_a_month_outside_1900_to_2100_is_a_line_error_not_a_crash(month: str) -> None:
    """A review of issue 15's fixes: `070001` passed, then crashed the upload job on every restart."""
    line = render({**VALUES, "month": month}, COMBINED_V2)
    parsed = parse(7, line.encode(), COMBINED_V2)
    assert isinstance(parsed, list)
    assert [e.field for e in parsed] == ["month"]
