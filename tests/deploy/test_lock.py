"""requirements.lock pins every dependency pyproject.toml names, runtime and dev, and nothing loosely."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    # PEP 503 normalised: what pip and uv compare.
    bare = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = line.split(";", 1)[0].strip()
            assert "==" in requirement, f"not pinned: {line}"
            name, version = requirement.split("==", 1)
            pins[_name(name)] = version
    return pins


def test_every_dependency_of_pyproject_is_pinned_in_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = _pins()
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert missing == [], f"not in requirements.lock (run `make lock`): {missing}"


def test_an_exact_pin_in_pyproject_is_the_one_locked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        exact = re.search(r"==\s*([^\s,;]+)", requirement)
        if exact:
            assert pins[_name(requirement)] == exact.group(1), requirement
