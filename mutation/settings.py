"""The `[tool.mutmut]` table for one service: its domain mutated, its unit tests run."""

from __future__ import annotations

import json

SERVICES = ("contribution", "loan", "dialysis", "appeals")


def mutmut_table(service: str) -> str:
    settings = {
        "source_paths": [f"services/{service}/domain"],
        # Beside the mutated domain, what its tests import; mutmut copies tests/ by itself.
        "also_copy": ["shared", "services"],
        "pytest_add_cli_args_test_selection": [f"tests/{service}/unit"],
        # Plugin autoloading is off (see run.py); the loan use cases' tests are async. The conftest
        # files hold the integration tiers' fixtures (NATS, databases, running services), which no
        # unit test uses: without them the process every mutant's worker is forked from is a fifth
        # smaller, and a run takes 10-20 % less CPU. A unit test that ever needs one fails mutmut's
        # clean run, which the runner reports.
        "pytest_add_cli_args": ["-p", "pytest_asyncio.plugin", "--noconftest"],
        # A mutant that loops forever holds a worker, spinning, until its wall-clock limit of
        # (its tests' time + 1 s) x this; the slowest honest mutant takes under a second.
        "timeout_multiplier": 5.0,
        # The scratch copy is no git checkout: nothing there for mutmut to ask git about.
        "use_git_change_detection": False,
    }
    # TOML's basic strings and arrays read the same as JSON's for these plain values.
    body = "\n".join(f"{key} = {json.dumps(value)}" for key, value in settings.items())
    return f"\n[tool.mutmut]\n{body}\n"
