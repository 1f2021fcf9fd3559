"""`make mutation` reads mutmut's results into the right tallies, scores and floor (no mutmut run)."""

from __future__ import annotations

import pytest

from mutation.scores import below_floor, table, tally

# `mutmut results --all true` for a made-up loan domain: its header noise, a method's key (with
# mutmut's ǁ separators) and every kind of status the table has a column for.
RESULTS = """\
Warning: this line is not a mutant
    services.loan.domain.tables.x_tenure_months__mutmut_1: killed
    services.loan.domain.tables.x_tenure_months__mutmut_2: killed
    services.loan.domain.tables.x_tenure_months__mutmut_3: timeout
    services.loan.domain.tables.x_tenure_months__mutmut_4: survived
    services.loan.domain.charges.xǁChargeǁamount__mutmut_1: killed
    services.loan.domain.charges.xǁChargeǁamount__mutmut_2: no tests
    services.loan.domain.charges.xǁChargeǁamount__mutmut_3: suspicious
    services.loan.domain.charges.xǁChargeǁamount__mutmut_4: skipped
"""


def by_module(results: str = RESULTS) -> dict:
    return {row.module: row for row in tally("loan", results)}


def test_each_module_of_the_domain_has_its_own_tally_in_module_order() -> None:
    rows = tally("loan", RESULTS)
    assert [(row.service, row.module) for row in rows] == [("loan", "charges"), ("loan", "tables")]


def test_a_timeout_is_caught_like_a_kill_and_a_survivor_is_not() -> None:
    tables = by_module()["tables"]
    assert (tables.count("killed"), tables.count("timeout"), tables.count("survived")) == (2, 1, 1)
    assert tables.total == 4
    assert tables.score == pytest.approx(75.0)


def test_no_tests_and_other_count_against_the_score_and_skipped_not_at_all() -> None:
    charges = by_module()["charges"]
    assert charges.count("no tests") == 1
    assert charges.other == 1
    assert charges.total == 3
    assert charges.score == pytest.approx(100 / 3)


def test_the_floor_names_exactly_the_modules_below_it() -> None:
    rows = tally("loan", RESULTS)
    assert [row.module for row in below_floor(rows, 75.0)] == ["charges"]
    assert [row.module for row in below_floor(rows, 75.1)] == ["charges", "tables"]
    assert below_floor(rows, 0.0) == []


def test_a_module_made_only_of_skipped_mutants_is_never_below_the_floor() -> None:
    rows = tally("loan", "    services.loan.domain.tables.x_f__mutmut_1: skipped\n")
    assert rows[0].total == 0
    assert below_floor(rows, 100.0) == []


def test_the_table_has_a_row_per_module_with_its_counts_and_score() -> None:
    lines = table(tally("loan", RESULTS)).splitlines()
    assert lines[0].split() == [
        "service", "module", "killed", "survived", "no-tests", "timeout", "other", "total",
        "score", "%",
    ]  # fmt: skip
    assert lines[1].split() == ["loan", "charges", "1", "0", "1", "0", "1", "3", "33.3"]
    assert lines[2].split() == ["loan", "tables", "2", "1", "0", "1", "0", "4", "75.0"]
