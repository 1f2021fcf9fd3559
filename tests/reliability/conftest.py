"""The reliability report: one row per scenario, printed after the run (`make reliability`)."""

from __future__ import annotations

import pytest

REPORT: list[dict[str, object]] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not REPORT:
        return
    columns = ["scenario", "requests", "accepted", "stored", "events", "duplicates", "lost"]
    terminalreporter.write_sep("=", "reliability report")
    terminalreporter.write_line(
        " | ".join(f"{c:>10}" if c != "scenario" else f"{c:<34}" for c in columns)
    )
    for row in REPORT:
        terminalreporter.write_line(
            " | ".join(f"{row[c]!s:>10}" if c != "scenario" else f"{row[c]!s:<34}" for c in columns)
        )
