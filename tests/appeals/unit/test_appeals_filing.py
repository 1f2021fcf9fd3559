"""Filing an appeal, quoted from reference/perkeso-benefits-and-contributions.txt ("Social Security
Appellate Board").

"The Social Security Appellate Board's role is to adjudicate disputes and claims ... in connection
with the matters set out in Section 84 of the Employees's Social Security Act 1969 and Section 59
Employment Insurance System Act 2017." "The applicant may be represented by a legal practitioner or by
an officer of a registered trade union authorized in writing by such person or with the permission of
the Board, by any other person so authorized. Application must be made within three years from the
date on which the cause of action arose."
"""

from __future__ import annotations

from datetime import date

import pytest

from services.appeals.domain.filing import (
    Act,
    AppealTimeBarred,
    Representation,
    RepresentationFacts,
    add_years,
    check_provision,
    check_representation,
    ensure_within_time,
    last_day_to_file,
)
from shared.kernel.errors import RuleCheck, Violation


@pytest.mark.parametrize(
    ("cause", "last"),
    [
        (date(2022, 2, 10), date(2025, 2, 10)),  # a February cause is not a 29 February
        (date(2022, 3, 29), date(2025, 3, 29)),  # nor is the 29th of another month
        (date(2022, 1, 29), date(2025, 1, 29)),
        (date(2024, 2, 29), date(2027, 2, 28)),  # no 29 February in 2027: the 28th
        (date(2022, 2, 28), date(2025, 2, 28)),
        (date(2021, 3, 1), date(2024, 3, 1)),
        (date(2022, 12, 31), date(2025, 12, 31)),
    ],
)
def test_the_last_day_to_file_is_the_third_anniversary_of_the_cause(
    cause: date, last: date
) -> None:
    """ "within three years from the date on which the cause of action arose"."""
    assert last_day_to_file(cause) == last


def test_a_29_february_keeps_its_day_in_a_leap_year() -> None:
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2023, 3, 29), 1) == date(2024, 3, 29)


@pytest.mark.parametrize(
    ("cause", "last"),
    [
        (date(2022, 8, 10), date(2025, 8, 10)),
        (date(2022, 2, 10), date(2025, 2, 10)),
        (date(2022, 3, 29), date(2025, 3, 29)),
        (date(2024, 2, 29), date(2027, 2, 28)),
    ],
)
def test_an_appeal_filed_on_the_last_day_is_in_time_and_the_day_after_is_not(
    cause: date, last: date
) -> None:
    ensure_within_time(cause_of_action=cause, filed_on=last)
    ensure_within_time(cause_of_action=cause, filed_on=cause)
    day_after = date.fromordinal(last.toordinal() + 1)
    with pytest.raises(AppealTimeBarred) as barred:
        ensure_within_time(cause_of_action=cause, filed_on=day_after)
    error = barred.value
    assert error.detail == (
        f"An appeal must be made within three years of the cause of action ({cause.isoformat()}); "
        f"the last day was {last.isoformat()}"
    )
    assert error.violations == (
        Violation(
            message=f"more than three years ago: the last day to file was {last.isoformat()}",
            field="cause_of_action_date",
            code="appeal-time-barred",
        ),
    )
    assert error.extra == {
        "last_day_to_file": last.isoformat(),
        "cause_of_action_date": cause.isoformat(),
    }
    assert (error.status, error.problem_type) == (422, "appeal-time-barred")


@pytest.mark.parametrize(
    ("act", "section"),
    [
        (Act.SOCIAL_SECURITY_ACT_1969, "84"),
        (Act.SOCIAL_SECURITY_ACT_1969, " s84 "),
        (Act.SOCIAL_SECURITY_ACT_1969, "s. 84"),
        (Act.SOCIAL_SECURITY_ACT_1969, "section 84"),
        (Act.SOCIAL_SECURITY_ACT_1969, "Section 84."),
        (Act.EMPLOYMENT_INSURANCE_ACT_2017, "SECTION 59"),
        (Act.EMPLOYMENT_INSURANCE_ACT_2017, "59"),
    ],
)
def test_section_84_of_act_4_and_section_59_of_act_800_however_written(
    act: Act, section: str
) -> None:
    check = RuleCheck()
    check_provision(check, act, section)
    assert check.violations == []


@pytest.mark.parametrize(
    ("act", "section", "expected"),
    [
        (Act.SOCIAL_SECURITY_ACT_1969, "59", "84"),
        (Act.SOCIAL_SECURITY_ACT_1969, "section 8", "84"),
        (Act.SOCIAL_SECURITY_ACT_1969, "84A", "84"),
        (Act.EMPLOYMENT_INSURANCE_ACT_2017, "s. 84", "59"),
    ],
)
def test_any_other_section_is_refused_naming_the_one_that_applies(
    act: Act, section: str, expected: str
) -> None:
    check = RuleCheck()
    check_provision(check, act, section)
    assert check.violations == [
        Violation(
            message=f"appeals under {act.value} are made under section {expected}",
            field="section",
            code="section-does-not-match-act",
        )
    ]


IN_PERSON_NAMES_NOBODY = Violation(
    message="an appellant in person names no representative",
    field="representation.representative_name",
    code="no-representative-in-person",
)
NAME_REQUIRED = Violation(
    message="name the representative",
    field="representation.representative_name",
    code="representative-name-required",
)
IN_WRITING = Violation(
    message="the representative must be authorised in writing",
    field="representation.authorised_in_writing",
    code="authorisation-in-writing-required",
)
BOARD_PERMISSION = Violation(
    message="any other person may represent only with the Board's permission (give its reference)",
    field="representation.board_permission_reference",
    code="board-permission-required",
)
LAWYER = Representation.LEGAL_PRACTITIONER
UNION = Representation.TRADE_UNION_OFFICER
OTHER = Representation.OTHER_AUTHORISED_PERSON


@pytest.mark.parametrize(
    ("facts", "violations"),
    [
        (RepresentationFacts(Representation.IN_PERSON), []),
        (RepresentationFacts(Representation.IN_PERSON, "Someone"), [IN_PERSON_NAMES_NOBODY]),
        (RepresentationFacts(LAWYER, "Tan & Co", authorised_in_writing=True), []),
        (RepresentationFacts(LAWYER, "Tan & Co"), [IN_WRITING]),
        (RepresentationFacts(LAWYER, ""), [NAME_REQUIRED, IN_WRITING]),
        (RepresentationFacts(UNION, "Encik Ali", authorised_in_writing=True), []),
        (RepresentationFacts(UNION, None, authorised_in_writing=True), [NAME_REQUIRED]),
        (RepresentationFacts(OTHER, "A friend", True, "SSAB/PERM/12"), []),
        (RepresentationFacts(OTHER, "A friend", True), [BOARD_PERMISSION]),
        (RepresentationFacts(OTHER, "A friend", True, ""), [BOARD_PERMISSION]),
        (RepresentationFacts(OTHER), [NAME_REQUIRED, IN_WRITING, BOARD_PERMISSION]),
        (RepresentationFacts(LAWYER, "Tan & Co", True, None), []),
    ],
)
def test_each_way_of_being_represented_and_what_it_needs(
    facts: RepresentationFacts, violations: list[Violation]
) -> None:
    """ "...represented by a legal practitioner or by an officer of a registered trade union
    authorized in writing by such person or with the permission of the Board, by any other person so
    authorized": only "any other person" needs the Board's permission."""
    check = RuleCheck()
    check_representation(check, facts)
    assert check.violations == violations
