"""Each service's mutmut settings, appended to the project's pyproject.toml, read as meant."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mutation.settings import SERVICES, mutmut_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_mutates_its_own_domain_with_its_own_unit_tests_only(service: str) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text() + mutmut_table(service)
    settings = tomllib.loads(pyproject)["tool"]["mutmut"]
    assert settings["source_paths"] == [f"services/{service}/domain"]
    assert settings["pytest_add_cli_args_test_selection"] == [f"tests/{service}/unit"]
    assert (ROOT / settings["source_paths"][0]).is_dir()
    assert (ROOT / settings["pytest_add_cli_args_test_selection"][0]).is_dir()
    # The project's own settings are still there for the tests mutmut runs.
    assert tomllib.loads(pyproject)["tool"]["pytest"]["ini_options"]["asyncio_mode"] == "auto"
