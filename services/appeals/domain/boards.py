"""The eleven boards and the state each hears (data/boards.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


class State(StrEnum):
    """The 13 states and 3 federal territories, each heard by one board."""

    JHR = "JHR"
    KDH = "KDH"
    KTN = "KTN"
    MLK = "MLK"
    NSN = "NSN"
    PHG = "PHG"
    PNG = "PNG"
    PRK = "PRK"
    PLS = "PLS"
    SGR = "SGR"
    TRG = "TRG"
    SBH = "SBH"
    SWK = "SWK"
    KUL = "KUL"
    LBN = "LBN"
    PJY = "PJY"


STATES = frozenset(State)


class MemberRole(StrEnum):
    CHAIRMAN = "chairman"
    MEMBER = "member"


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    seat: str
    region: str
    states: tuple[str, ...]


@cache
def boards() -> tuple[Board, ...]:
    raw = tomllib.loads((DATA / "boards.toml").read_text(encoding="utf-8"))
    return tuple(
        Board(
            code=b["code"],
            name=b["name"],
            seat=b["seat"],
            region=b["region"],
            states=tuple(b["states"]),
        )
        for b in raw["board"]
    )


def board_for_state(state: str) -> Board:
    """The one board that hears appeals from a state or federal territory."""
    for board in boards():
        if state in board.states:
            return board
    raise KeyError(f"no board hears appeals from {state!r}")


def board_by_code(code: str) -> Board | None:
    return next((b for b in boards() if b.code == code), None)
