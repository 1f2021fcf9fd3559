"""Read `mutmut results --all true` into a tally per module, the table and the floor.

Pure functions of mutmut's text, so the table and the floor are tested without running mutmut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# One line per mutant, e.g. "    services.loan.domain.tables.x_tenure_months__mutmut_3: survived".
RESULT_LINE = re.compile(r"^\s+(?P<key>\S+__mutmut_\d+): (?P<status>.+?)\s*$")

# A timeout counts as caught, as in mutmut's own score: the broken code made the tests hang,
# which no build would pass.
CAUGHT = {"killed", "timeout"}
# Excluded from the score by the code's own `# pragma: no mutate`.
EXCLUDED = {"skipped"}


@dataclass
class Tally:
    """The mutants of one module by what became of them."""

    service: str
    module: str
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def total(self) -> int:
        return sum(n for status, n in self.counts.items() if status not in EXCLUDED)

    @property
    def other(self) -> int:
        """Suspicious, segfault, not checked: none of the columns, but counted against the score."""
        shown = {"killed", "survived", "no tests", "timeout"}
        return sum(n for s, n in self.counts.items() if s not in shown and s not in EXCLUDED)

    @property
    def score(self) -> float:
        caught = sum(n for status, n in self.counts.items() if status in CAUGHT)
        return 100.0 * caught / self.total if self.total else 100.0


def tally(service: str, results: str) -> list[Tally]:
    """One tally per module of the service's domain, in module order.

    A module with no mutants (an `__init__.py` holding a docstring) never appears in mutmut's
    results, so it has no row: there is nothing in it to score.
    """
    prefix = f"services.{service}.domain."
    by_module: dict[str, Tally] = {}
    for line in results.splitlines():
        match = RESULT_LINE.match(line)
        if match is None:
            continue
        # The module is the key without its last part, the mutated function (mutmut's keys).
        module = match["key"].rsplit(".", 1)[0].removeprefix(prefix)
        row = by_module.setdefault(module, Tally(service, module))
        row.counts[match["status"]] = row.count(match["status"]) + 1
    return [by_module[m] for m in sorted(by_module)]


def below_floor(rows: Iterable[Tally], floor: float) -> list[Tally]:
    return [row for row in rows if row.total and row.score < floor]


COLUMNS = ("service", "module", "killed", "survived", "no-tests", "timeout", "other", "total")


def table(rows: Iterable[Tally]) -> str:
    lines = [f"{COLUMNS[0]:<13} {COLUMNS[1]:<15}" + "".join(f"{c:>9}" for c in COLUMNS[2:])]
    lines[0] += f"{'score %':>9}"
    for row in rows:
        counts = (
            row.count("killed"),
            row.count("survived"),
            row.count("no tests"),
            row.count("timeout"),
            row.other,
            row.total,
        )
        lines.append(
            f"{row.service:<13} {row.module:<15}"
            + "".join(f"{n:>9}" for n in counts)
            + f"{row.score:>9.1f}"
        )
    return "\n".join(lines)
