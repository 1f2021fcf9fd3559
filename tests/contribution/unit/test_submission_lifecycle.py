"""A submission's states: a voided one takes no amendment and owes nothing (domain/lifecycle.py)."""

from __future__ import annotations

import pytest

from services.contribution.domain.lifecycle import SubmissionStatus, ensure_not_voided
from shared.kernel.errors import Conflict


def test_a_voided_submission_is_refused_naming_it_and_what_to_do() -> None:
    with pytest.raises(Conflict) as refused:
        ensure_not_voided(SubmissionStatus.VOIDED, "E1000001-202507-01-8")
    assert str(refused.value) == (
        "Submission E1000001-202507-01-8 was voided; submit the month again instead"
    )


@pytest.mark.parametrize(
    "status", [s for s in SubmissionStatus if s is not SubmissionStatus.VOIDED]
)
def test_every_other_state_passes(status: SubmissionStatus) -> None:
    ensure_not_voided(status, "E1000001-202507-01-8")
