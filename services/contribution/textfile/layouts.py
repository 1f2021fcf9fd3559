"""The record layouts of reference/tables/README.md ("Monthly contribution text files"), as data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


class Kind(StrEnum):
    ALPHA = "alpha"  # left-justified, space-padded
    SEN = "sen"  # amount in sen, right-justified, zero-padded
    DIGITS = "digits"
    FILLER = "filler"


@dataclass(frozen=True)
class Field:
    name: str
    start: int  # 1-based, as the specification numbers positions
    length: int
    kind: Kind

    @property
    def slice(self) -> slice:
        return slice(self.start - 1, self.start - 1 + self.length)


@dataclass(frozen=True)
class Layout:
    name: str
    length: int
    fields: tuple[Field, ...]

    @cached_property
    def plan(self) -> tuple[tuple[str, slice, Kind], ...]:
        """Each field's name, slice and kind, made once: a parser reads them on every line."""
        return tuple((f.name, f.slice, f.kind) for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


_COMMON = (
    Field("employer_code", 1, 12, Kind.ALPHA),
    Field("mycoid", 13, 20, Kind.ALPHA),
    Field("id_number", 33, 12, Kind.ALPHA),
    Field("name", 45, 150, Kind.ALPHA),
    Field("month", 195, 6, Kind.DIGITS),
)

COMBINED_V1 = Layout(
    "combined-1.0",
    278,
    (
        *_COMMON,
        Field("wage", 201, 14, Kind.SEN),
        Field("socso_employer", 215, 6, Kind.SEN),
        Field("socso_employee", 221, 6, Kind.SEN),
        Field("eis_employer", 227, 6, Kind.SEN),
        Field("eis_employee", 233, 6, Kind.SEN),
        Field("filler", 239, 40, Kind.FILLER),
    ),
)

COMBINED_V2 = Layout(
    "combined-2.0",
    278,
    (
        *COMBINED_V1.fields[:-1],
        Field("skbbk_employee", 239, 6, Kind.SEN),
        Field("filler", 245, 34, Kind.FILLER),
    ),
)

_SEPARATE = (
    *_COMMON,
    Field("amount", 201, 14, Kind.SEN),
    Field("employment_date", 215, 8, Kind.ALPHA),
    Field("employment_status", 223, 1, Kind.ALPHA),
)
SOCSO_ONLY = Layout("socso-only", 223, _SEPARATE)
EIS_ONLY = Layout("eis-only", 223, _SEPARATE)

LAYOUTS = {layout.name: layout for layout in (COMBINED_V1, COMBINED_V2, SOCSO_ONLY, EIS_ONLY)}
# "Version 2.0 (mandatory from October 2026)": months from then need the SKBBK field.
V2_MANDATORY_FROM = (2026, 10)
