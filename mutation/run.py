"""`make mutation`: mutmut over each service's `domain/` with that service's unit tests only.

mutmut reads its settings from `[tool.mutmut]` in the pyproject.toml of the directory it runs in
and writes its mutants beside it. So each service runs in a scratch copy of the project in a
temporary directory, whose pyproject.toml gains that service's table: the working tree is never
written to, and the services run side by side without sharing a `mutants/` directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mutation.scores import Tally, below_floor, table, tally
from mutation.settings import SERVICES, mutmut_table

ROOT = Path(__file__).resolve().parent.parent
# What the unit tests import, and themselves.
COPIED = ("shared", "services", "tests")
MUTMUT = Path(sys.executable).parent / "mutmut"


def scratch_project(service: str, scratch: Path) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "[tool.mutmut]" not in pyproject, "the runner writes [tool.mutmut] itself, per service"
    (scratch / "pyproject.toml").write_text(pyproject + mutmut_table(service))
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "artifacts")
    for name in COPIED:
        shutil.copytree(ROOT / name, scratch / name, ignore=skip)


def run_service(service: str, max_children: int, keep: bool) -> list[Tally]:
    scratch = Path(tempfile.mkdtemp(prefix=f"mutation-{service}-"))
    try:
        scratch_project(service, scratch)
        # Each mutant is a fresh pytest session in a forked worker, so plugin loading is paid per
        # mutant: loading only the one plugin the unit tests need more than halves that cost.
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        log = scratch / "mutmut.log"
        started = time.monotonic()
        with log.open("w") as out:
            run = subprocess.run(
                [str(MUTMUT), "run", "--max-children", str(max_children)],
                cwd=scratch,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if run.returncode != 0:
            # mutmut's own words say why (a failing clean run, no tests found, ...).
            sys.exit(f"{service}: mutmut run failed ({run.returncode}):\n{log.read_text()[-4000:]}")
        results = subprocess.run(
            [str(MUTMUT), "results", "--all", "true"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = tally(service, results)
        mutants = sum(row.total for row in rows)
        print(f"{service}: {mutants} mutants in {time.monotonic() - started:.0f} s", flush=True)
        return rows
    finally:
        if keep:
            print(f"{service}: kept {scratch}", flush=True)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="*", help=f"some of {', '.join(SERVICES)} (default: all)")
    parser.add_argument(
        "--floor", type=float, default=90.0, help="lowest score %% a module may have"
    )
    parser.add_argument(
        "--max-children",
        type=int,
        default=os.cpu_count() or 1,
        help="mutants tested at once in each service (default: every core)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies to browse")
    args = parser.parse_args()
    args.services = args.services or list(SERVICES)
    unknown = set(args.services) - set(SERVICES)
    if unknown:
        parser.error(f"no such service: {', '.join(sorted(unknown))}")

    started = time.monotonic()
    # The services run side by side: while one is in its single-process steps (generating mutants,
    # the stats and clean test runs) the others' workers keep the cores busy.
    with ThreadPoolExecutor(max_workers=len(args.services)) as pool:
        runs = list(pool.map(lambda s: run_service(s, args.max_children, args.keep), args.services))
    rows = [row for service_rows in runs for row in service_rows]

    print()
    print(table(rows))
    print(f"\nwall time {time.monotonic() - started:.0f} s on {os.cpu_count()} cores")
    low = below_floor(rows, args.floor)
    if low:
        names = ", ".join(f"{row.service}.{row.module} {row.score:.1f}%" for row in low)
        sys.exit(f"below the {args.floor:g}% floor: {names}")


if __name__ == "__main__":
    main()
