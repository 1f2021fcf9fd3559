"""bench/cpu_split.py puts each profiler sample down to the library it was in."""

from __future__ import annotations

import os
from pathlib import Path

from bench.cpu_split import by_library, cpu_seconds

LOOP = "Runner.run (asyncio/runners.py:118)"
ROUTE = "APIRoute.handle (fastapi/routing.py:3009)"
HANDLER = "receive_bank_payment (services/contribution/api.py:455)"
ORM = "Session.execute (sqlalchemy/orm/session.py:2555)"


def test_a_sample_counts_for_the_innermost_library_it_was_in(tmp_path: Path) -> None:
    raw = tmp_path / "samples.txt"
    raw.write_text(
        f"{LOOP};{ROUTE};{HANDLER};{ORM} 5\n"  # in SQLAlchemy, called by the handler
        f"{LOOP};{ROUTE};{HANDLER} 3\n"  # in the handler itself
        f"{LOOP};{ROUTE} 2\n"
        f"{LOOP} 1\n"
        "<module> (bench/nowhere.py:1) 4\n"
    )
    assert by_library(raw) == {
        "SQLAlchemy": 5,
        "the project's own code": 3,
        "FastAPI, Starlette": 2,
        "asyncio's event loop": 1,
        "other": 4,
    }


def test_cpu_seconds_grow_as_a_process_works() -> None:
    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    assert cpu_seconds(os.getpid()) > before
