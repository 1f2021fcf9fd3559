"""The eleven boards and the state each hears (data/boards.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from shared.kernel.states import State

DATA = Path(__file__).resolve().parent.parent / "data"


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
