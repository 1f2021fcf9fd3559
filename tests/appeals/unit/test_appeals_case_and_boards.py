"""An appeal's moves and the boards, quoted from reference/perkeso-benefits-and-contributions.txt
("Social Security Appellate Board").

"The Social Security Appellate Board's role is to adjudicate disputes and claims"; "A total of eleven
(11) Boards had been established, nine (9) in Peninsular Malaysia and one each in Sabah and Sarawak."
"""

from __future__ import annotations

import pytest

from services.appeals.domain import case
from services.appeals.domain.boards import board_by_code, board_for_state, boards
from services.appeals.domain.case import HearingStatus, Outcome, Status
from shared.kernel.errors import Conflict

OPEN = [Status.FILED, Status.HEARING_SCHEDULED, Status.ADJOURNED]
CLOSED = [Status.DECIDED, Status.WITHDRAWN]


@pytest.mark.parametrize("status", [Status.FILED, Status.ADJOURNED])
def test_a_hearing_is_scheduled_for_a_filed_or_adjourned_appeal(status: Status) -> None:
    assert case.after_scheduling(status) is Status.HEARING_SCHEDULED


def test_a_second_hearing_is_not_scheduled_over_the_first() -> None:
    with pytest.raises(Conflict) as refused:
        case.after_scheduling(Status.HEARING_SCHEDULED)
    assert refused.value.detail == "The appeal already has a hearing scheduled; adjourn it first"


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_appeal_gets_no_hearing_and_no_decision(status: Status) -> None:
    with pytest.raises(Conflict) as scheduling:
        case.after_scheduling(status)
    assert (
        scheduling.value.detail
        == f"Cannot schedule a hearing: the appeal is already {status.value}"
    )
    for outcome in Outcome:
        with pytest.raises(Conflict) as deciding:
            case.after_decision(status, outcome, heard=True)
        assert deciding.value.detail == f"Cannot decide: the appeal is already {status.value}"


def test_only_a_scheduled_hearing_is_adjourned() -> None:
    assert case.after_adjournment(Status.HEARING_SCHEDULED) is Status.ADJOURNED
    for status in (Status.FILED, Status.ADJOURNED, *CLOSED):
        with pytest.raises(Conflict) as refused:
            case.after_adjournment(status)
        assert refused.value.detail == (
            f"Only a scheduled hearing can be adjourned; the appeal is {status.value}"
        )


@pytest.mark.parametrize("status", OPEN)
@pytest.mark.parametrize("outcome", [Outcome.ALLOWED, Outcome.DISMISSED])
def test_a_decision_on_the_merits_needs_a_hearing_that_has_taken_place(
    status: Status, outcome: Outcome
) -> None:
    """The Board adjudicates: it allows or dismisses an appeal having heard it. A hearing that lies
    in the future has not taken place (`heard` is false)."""
    with pytest.raises(Conflict) as refused:
        case.after_decision(status, outcome, heard=False)
    assert refused.value.detail == (
        f"The Board decides an appeal {outcome.value} once it has heard it: "
        "no hearing of this appeal has taken place yet"
    )
    assert case.after_decision(status, outcome, heard=True) is Status.DECIDED


@pytest.mark.parametrize("status", OPEN)
@pytest.mark.parametrize("heard", [False, True])
def test_an_appeal_is_struck_out_or_withdrawn_at_any_time(status: Status, heard: bool) -> None:
    assert case.after_decision(status, Outcome.STRUCK_OUT, heard=heard) is Status.DECIDED
    assert case.after_decision(status, Outcome.WITHDRAWN, heard=heard) is Status.WITHDRAWN


def test_only_a_scheduled_hearing_is_adjourned_as_a_hearing() -> None:
    assert case.hearing_after_adjournment(HearingStatus.SCHEDULED) is HearingStatus.ADJOURNED
    for status in (HearingStatus.ADJOURNED, HearingStatus.HELD, HearingStatus.VACATED):
        with pytest.raises(Conflict) as refused:
            case.hearing_after_adjournment(status)
        assert refused.value.detail == f"The hearing is already {status.value}"


@pytest.mark.parametrize(
    ("outcome", "begun", "hearing"),
    [
        (Outcome.ALLOWED, True, HearingStatus.HELD),
        (Outcome.DISMISSED, True, HearingStatus.HELD),
        (Outcome.STRUCK_OUT, True, HearingStatus.HELD),
        (Outcome.WITHDRAWN, True, HearingStatus.VACATED),
        (Outcome.ALLOWED, False, HearingStatus.VACATED),
        (Outcome.STRUCK_OUT, False, HearingStatus.VACATED),
        (Outcome.WITHDRAWN, False, HearingStatus.VACATED),
    ],
)
def test_a_hearing_still_to_come_is_vacated_never_held(
    outcome: Outcome, begun: bool, hearing: HearingStatus
) -> None:
    assert case.hearing_after_decision(outcome, begun=begun) is hearing


def test_one_board_each_for_sabah_and_sarawak_and_nine_in_the_peninsula() -> None:
    """ "nine (9) in Peninsular Malaysia and one each in Sabah and Sarawak"."""
    assert board_for_state("SBH").region == "sabah"
    assert board_for_state("SWK").region == "sarawak"
    codes = [b.code for b in boards()]
    assert codes == [f"B{n:02d}" for n in range(1, 12)]
    assert all(b.states for b in boards())


def test_a_board_is_found_by_its_code() -> None:
    board = board_by_code("B05")
    assert board is not None
    assert (board.code, board.seat, board.states) == ("B05", "Kuala Lumpur", ("KUL", "PJY"))
    assert board_by_code("B11") == board_for_state("SWK")
    assert board_by_code("B12") is None


def test_a_state_no_board_hears_is_named_in_the_error() -> None:
    with pytest.raises(KeyError) as unknown:
        board_for_state("XYZ")
    assert unknown.value.args == ("no board hears appeals from 'XYZ'",)
