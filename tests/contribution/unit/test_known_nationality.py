"""A line's nationality: its own, else the one a submission last stated, else Malaysian."""

from __future__ import annotations

from services.contribution.domain.coverage import Nationality
from services.contribution.domain.pricing import known_nationality

IC = "900101145678"


def test_a_stated_nationality_wins_over_the_remembered_one() -> None:
    assert known_nationality(IC, "malaysian", {IC: "foreign"}) is Nationality.MALAYSIAN


def test_a_line_that_states_none_is_priced_as_remembered() -> None:
    assert known_nationality(IC, None, {IC: "foreign"}) is Nationality.FOREIGN
    assert known_nationality(IC, None, {IC: "permanent_resident"}) is Nationality.PERMANENT_RESIDENT


def test_someone_never_stated_is_malaysian() -> None:
    assert known_nationality(IC, None, {}) is Nationality.MALAYSIAN


def test_a_socso_number_never_stated_is_a_foreign_worker() -> None:
    """Field 3 of the text file: "for a foreign worker the SOCSO number"."""
    assert known_nationality("F90012345678", None, {}) is Nationality.FOREIGN
