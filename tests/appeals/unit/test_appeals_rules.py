"""The Appellate Board's rules, quoted from reference/perkeso-benefits-and-contributions.txt."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from services.appeals.domain import case
from services.appeals.domain.boards import STATES, board_for_state, boards
from services.appeals.domain.case import HearingStatus, Outcome, Slot, Status
from services.appeals.domain.filing import (
    Act,
    AppealTimeBarred,
    Representation,
    RepresentationFacts,
    check_provision,
    check_representation,
    ensure_within_time,
    last_day_to_file,
)
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.errors import Conflict, RuleCheck


def test_eleven_boards_nine_in_the_peninsula_one_each_in_sabah_and_sarawak() -> None:
    """ "A total of eleven (11) Boards had been established, nine (9) in Peninsular Malaysia and one each in Sabah and Sarawak"."""
    regions = [b.region for b in boards()]
    assert len(regions) == 11
    assert (regions.count("peninsular"), regions.count("sabah"), regions.count("sarawak")) == (
        9,
        1,
        1,
    )


@pytest.mark.parametrize(
    ("state", "board"),
    [
        ("PLS", "B01"),
        ("KDH", "B01"),
        ("PNG", "B02"),
        ("PRK", "B03"),
        ("SGR", "B04"),
        ("KUL", "B05"),
        ("PJY", "B05"),
        ("NSN", "B06"),
        ("MLK", "B06"),
        ("JHR", "B07"),
        ("PHG", "B08"),
        ("KTN", "B09"),
        ("TRG", "B09"),
        ("SBH", "B10"),
        ("LBN", "B10"),
        ("SWK", "B11"),
    ],
)
def test_every_state_and_federal_territory_maps_to_exactly_one_board(
    state: str, board: str
) -> None:
    assert board_for_state(state).code == board
    assert sum(state in b.states for b in boards()) == 1


def test_the_mapping_covers_all_sixteen() -> None:
    assert {s for b in boards() for s in b.states} == STATES
    with pytest.raises(KeyError):
        board_for_state("XYZ")


@pytest.mark.parametrize(
    ("cause", "filed", "in_time"),
    [
        (date(2022, 8, 10), date(2025, 8, 10), True),  # the third anniversary is the last day
        (date(2022, 8, 10), date(2025, 8, 11), False),
        (
            date(2024, 2, 29),
            date(2027, 2, 28),
            True,
        ),  # no 29 February in 2027: the 28th is the last day
        (date(2024, 2, 29), date(2027, 3, 1), False),
        (date(2021, 2, 28), date(2024, 2, 28), True),
        (date(2021, 2, 28), date(2024, 2, 29), False),  # a leap day does not stretch the period
    ],
)
def test_application_must_be_made_within_three_years(
    cause: date, filed: date, in_time: bool
) -> None:
    """ "Application must be made within three years from the date on which the cause of action arose"."""
    if in_time:
        ensure_within_time(cause_of_action=cause, filed_on=filed)
    else:
        with pytest.raises(AppealTimeBarred) as refused:
            ensure_within_time(cause_of_action=cause, filed_on=filed)
        assert refused.value.extra["last_day_to_file"] == last_day_to_file(cause).isoformat()


@pytest.mark.parametrize(
    ("act", "section", "ok"),
    [
        (Act.SOCIAL_SECURITY_ACT_1969, "84", True),
        (Act.EMPLOYMENT_INSURANCE_ACT_2017, "59", True),
        (Act.SOCIAL_SECURITY_ACT_1969, "59", False),
        (Act.EMPLOYMENT_INSURANCE_ACT_2017, "84", False),
        (Act.SOCIAL_SECURITY_ACT_1969, "s. 84", True),
    ],
)
def test_section_84_of_act_4_or_section_59_of_act_800(act: Act, section: str, ok: bool) -> None:
    check = RuleCheck()
    check_provision(check, act, section)
    assert check.ok is ok


@pytest.mark.parametrize(
    ("facts", "codes"),
    [
        (RepresentationFacts(Representation.IN_PERSON), []),
        (
            RepresentationFacts(
                Representation.LEGAL_PRACTITIONER, "Tan & Co", authorised_in_writing=True
            ),
            [],
        ),
        (
            RepresentationFacts(Representation.LEGAL_PRACTITIONER, "Tan & Co"),
            ["authorisation-in-writing-required"],
        ),
        (
            RepresentationFacts(
                Representation.TRADE_UNION_OFFICER, "Encik Ali", authorised_in_writing=True
            ),
            [],
        ),
        (
            RepresentationFacts(
                Representation.TRADE_UNION_OFFICER, None, authorised_in_writing=True
            ),
            ["representative-name-required"],
        ),
        (
            RepresentationFacts(
                Representation.OTHER_AUTHORISED_PERSON, "A friend", authorised_in_writing=True
            ),
            ["board-permission-required"],
        ),
        (
            RepresentationFacts(
                Representation.OTHER_AUTHORISED_PERSON, "A friend", True, "SSAB/PERM/12"
            ),
            [],
        ),
        (RepresentationFacts(Representation.IN_PERSON, "Someone"), ["no-representative-in-person"]),
    ],
)
def test_representation(facts: RepresentationFacts, codes: list[str]) -> None:
    """ "...represented by a legal practitioner or by an officer of a registered trade union authorized in writing
    by such person or with the permission of the Board, by any other person so authorized"."""
    check = RuleCheck()
    check_representation(check, facts)
    assert [v.code for v in check.violations] == codes


def test_the_state_machine_refuses_impossible_moves() -> None:
    assert case.after_scheduling(Status.FILED) is Status.HEARING_SCHEDULED
    assert case.after_adjournment(Status.HEARING_SCHEDULED) is Status.ADJOURNED
    assert case.after_scheduling(Status.ADJOURNED) is Status.HEARING_SCHEDULED
    assert case.after_decision(Status.HEARING_SCHEDULED, Outcome.ALLOWED) is Status.DECIDED
    assert case.after_decision(Status.FILED, Outcome.WITHDRAWN) is Status.WITHDRAWN
    for closed in (Status.DECIDED, Status.WITHDRAWN):
        with pytest.raises(Conflict):
            case.after_decision(closed, Outcome.DISMISSED)
        with pytest.raises(Conflict):
            case.after_scheduling(closed)
    with pytest.raises(Conflict):
        case.after_adjournment(Status.FILED)
    with pytest.raises(Conflict):
        case.after_scheduling(Status.HEARING_SCHEDULED)


def test_hearing_slots_clash_only_when_they_overlap() -> None:
    nine = datetime(2025, 9, 1, 9, 0, tzinfo=MALAYSIA_TIME)
    morning = Slot(nine, 120)
    assert morning.overlaps(Slot(nine + timedelta(minutes=119), 60))
    assert not morning.overlaps(Slot(nine + timedelta(minutes=120), 60))
    assert not morning.overlaps(Slot(nine - timedelta(minutes=60), 60))


def test_case_numbers_run_per_board_and_year() -> None:
    assert case.case_number("B05", 2025, 7) == "SSAB/B05/2025/0007"


def test_the_board_allows_or_dismisses_only_what_it_has_heard() -> None:
    """Issue 16: `allowed` and `dismissed` were reachable straight from `filed`."""
    for outcome in (Outcome.ALLOWED, Outcome.DISMISSED):
        with pytest.raises(Conflict, match="heard"):
            case.after_decision(Status.FILED, outcome, heard=False)
        with pytest.raises(Conflict, match="heard"):
            case.after_decision(Status.HEARING_SCHEDULED, outcome, heard=False)
        assert case.after_decision(Status.HEARING_SCHEDULED, outcome, heard=True) is Status.DECIDED
    assert case.after_decision(Status.FILED, Outcome.STRUCK_OUT, heard=False) is Status.DECIDED
    assert case.after_decision(Status.FILED, Outcome.WITHDRAWN, heard=False) is Status.WITHDRAWN


def test_a_decision_never_marks_a_hearing_still_to_come_as_held() -> None:
    assert case.hearing_after_decision(Outcome.ALLOWED, begun=True) is HearingStatus.HELD
    assert case.hearing_after_decision(Outcome.ALLOWED, begun=False) is HearingStatus.VACATED
    assert case.hearing_after_decision(Outcome.WITHDRAWN, begun=True) is HearingStatus.VACATED
