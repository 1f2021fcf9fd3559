"""Parsing and rendering one line; every problem names its line number and field."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from services.contribution.textfile.layouts import COMBINED_V1, COMBINED_V2, Field, Kind, Layout
from shared.kernel.dates import parse_month
from shared.kernel.ic import InvalidIC, is_ascii_digits
from shared.kernel.person_id import normalise_person_id


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    reason: str
    code: str | None = None  # stable for machines, where the contract names one


@dataclass(frozen=True)
class Record:
    line: int
    employer_code: str
    mycoid: str
    person_id: str  # field 3: a MyKad's 12 digits, or a foreign worker's SOCSO number
    name: str
    month: str  # "YYYY-MM"
    amounts: dict[str, Decimal]
    extra: dict[str, str]


def _sen(text: str) -> Decimal:
    # Sen as ringgit, exactly: 12345 -> 123.45 (scaleb shifts the exponent; nothing rounds).
    return Decimal(int(text)).scaleb(-2)


_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=64)
def _month_of(month_text: str) -> str | None:
    """The file's MMYYYY as "YYYY-MM", or None; a file has one month, so this is asked once."""
    candidate = f"{month_text[2:]}-{month_text[:2]}"
    try:
        if len(month_text) != 6 or not is_ascii_digits(month_text):
            raise ValueError(month_text)
        parse_month(candidate)  # the one month rule: 1900-01 to 2100-12
    except ValueError:
        return None
    return candidate


def detect_combined_version(line: str) -> Layout:
    """Version 2.0 carries the SKBBK amount at 239-244; version 1.0 has spaces there."""
    return COMBINED_V1 if line[238:244].strip() == "" else COMBINED_V2


def _field_at(layout: Layout, position: int) -> str:
    """The name of the field at a 1-based position of the line."""
    return next((f.name for f in layout.fields if f.start <= position < f.start + f.length), "line")


def parse(line_no: int, raw: bytes, layout: Layout) -> Record | list[LineError]:
    """One line without its line end; bytes, because the format counts bytes and is ASCII."""
    errors: list[LineError] = []
    if len(raw) != layout.length:
        return [
            LineError(
                line_no, "line", f"{len(raw)} characters; a {layout.name} line has {layout.length}"
            )
        ]
    # Each byte is looked at by C (a regular expression, `isascii`), never by a Python loop over
    # the line's 278 bytes: that loop was most of a 100,000-line file's parsing time.
    if not raw.isascii():
        position = next(i for i, b in enumerate(raw) if b > 127) + 1
        return [
            LineError(
                line_no,
                _field_at(layout, position),
                f"non-ASCII character at position {position}: the format is ASCII",
            )
        ]
    control = _CONTROL.search(raw)
    if control is not None:
        position = control.start() + 1
        return [
            LineError(
                line_no, _field_at(layout, position), f"control character at position {position}"
            )
        ]
    text = raw.decode("ascii")
    values: dict[str, str] = {}
    amounts: dict[str, Decimal] = {}
    for name, where, kind in layout.plan:
        value = text[where]
        if kind is Kind.SEN:
            if not value.isdigit():  # ASCII already: only 0-9 are digits
                errors.append(
                    LineError(
                        line_no,
                        name,
                        f"{value!r} is not an amount in sen (digits, zero-padded)",
                    )
                )
                continue
            amounts[name] = _sen(value)
        elif kind is Kind.FILLER:
            if value.strip():
                errors.append(LineError(line_no, name, "filler must be spaces"))
        else:
            values[name] = value.rstrip()
    month_text = values.get("month", "")
    month = _month_of(month_text)
    if month is None:
        month = ""
        errors.append(
            LineError(line_no, "month", f"{month_text!r} is not a month MMYYYY from 1900 to 2100")
        )
    person_id = ""
    try:
        person_id = normalise_person_id(values.get("id_number", ""))
    except InvalidIC as exc:
        errors.append(LineError(line_no, "id_number", str(exc)))
    if not values.get("name"):
        errors.append(LineError(line_no, "name", "the employee's name is blank"))
    if not values.get("employer_code"):
        errors.append(LineError(line_no, "employer_code", "blank"))
    if errors:
        return errors
    extra = {
        k: v
        for k, v in values.items()
        if k not in ("employer_code", "mycoid", "id_number", "name", "month")
    }
    return Record(
        line_no,
        values["employer_code"],
        values.get("mycoid", ""),
        person_id,
        values["name"],
        month,
        amounts,
        extra,
    )


def ascii_name(name: str) -> str:
    """The format is ASCII: accents are dropped (Zoë -> Zoe), anything else becomes '?'."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in stripped)


def _put(field: Field, value: str | Decimal) -> str:
    if field.kind is Kind.SEN:
        sen = int((Decimal(value) * 100).to_integral_value())
        return str(sen).rjust(field.length, "0")[-field.length :]
    if field.kind is Kind.FILLER:
        return " " * field.length
    return str(value)[: field.length].ljust(field.length)


def render(values: dict[str, str | Decimal], layout: Layout) -> str:
    """One line, without the line end."""
    line = "".join(_put(field, values.get(field.name, "")) for field in layout.fields)
    assert len(line) == layout.length
    return line
