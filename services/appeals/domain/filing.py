"""Who may appeal, under which provision, how represented, and by when.

"...disputes and claims by the Organization, employers, employees and their dependants in connection
with the matters set out in Section 84 of the Employees' Social Security Act 1969 and Section 59
Employment Insurance System Act 2017." "Application must be made within three years from the date on
which the cause of action arose."
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared.kernel.errors import DomainError, RuleCheck, Violation
from shared.kernel.i18n import msg

LIMITATION_YEARS = 3


class AppellantKind(StrEnum):
    ORGANISATION = "organisation"
    EMPLOYER = "employer"
    EMPLOYEE = "employee"
    DEPENDANT = "dependant"


class Act(StrEnum):
    SOCIAL_SECURITY_ACT_1969 = "act4"
    EMPLOYMENT_INSURANCE_ACT_2017 = "act800"


# The one section of each Act under which the Board hears appeals.
APPEALABLE_SECTION = {Act.SOCIAL_SECURITY_ACT_1969: "84", Act.EMPLOYMENT_INSURANCE_ACT_2017: "59"}


class Representation(StrEnum):
    IN_PERSON = "in_person"
    LEGAL_PRACTITIONER = "legal_practitioner"
    TRADE_UNION_OFFICER = "trade_union_officer"
    OTHER_AUTHORISED_PERSON = "other_authorised_person"


@dataclass(frozen=True)
class RepresentationFacts:
    kind: Representation
    representative_name: str | None = None
    authorised_in_writing: bool = False
    board_permission_reference: str | None = None


class AppealTimeBarred(DomainError):
    status = 422
    problem_type = "appeal-time-barred"
    title = msg("The appeal is out of time")


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def last_day_to_file(cause_of_action: date) -> date:
    """Three years from the cause of action: the anniversary is the last day (the 28th for a 29 Feb)."""
    return add_years(cause_of_action, LIMITATION_YEARS)


def ensure_within_time(*, cause_of_action: date, filed_on: date) -> None:
    last = last_day_to_file(cause_of_action)
    if filed_on > last:
        raise AppealTimeBarred(
            msg(
                "An appeal must be made within three years of the cause of action ({cause_of_action}); the last day was {last}",
                cause_of_action=cause_of_action.isoformat(),
                last=last.isoformat(),
            ),
            violations=[
                Violation(
                    field="cause_of_action_date",
                    message=msg(
                        "more than three years ago: the last day to file was {last}",
                        last=last.isoformat(),
                    ),
                    code="appeal-time-barred",
                )
            ],
            extra={
                "last_day_to_file": last.isoformat(),
                "cause_of_action_date": cause_of_action.isoformat(),
            },
        )


def check_provision(check: RuleCheck, act: Act, section: str) -> None:
    expected = APPEALABLE_SECTION[act]
    check.require(
        section.strip().lower().removeprefix("s").removeprefix("ection").strip(". ") == expected,
        "section-does-not-match-act",
        msg(
            "appeals under {act} are made under section {expected}",
            act=act.value,
            expected=expected,
        ),
        field="section",
    )


def check_representation(check: RuleCheck, facts: RepresentationFacts) -> None:
    """In person; a legal practitioner or registered trade union officer authorised in writing; or any
    other person so authorised, only with the Board's permission."""
    if facts.kind is Representation.IN_PERSON:
        check.require(
            facts.representative_name is None,
            "no-representative-in-person",
            msg("an appellant in person names no representative"),
            field="representation.representative_name",
        )
        return
    check.require(
        bool(facts.representative_name),
        "representative-name-required",
        msg("name the representative"),
        field="representation.representative_name",
    )
    check.require(
        facts.authorised_in_writing,
        "authorisation-in-writing-required",
        msg("the representative must be authorised in writing"),
        field="representation.authorised_in_writing",
    )
    if facts.kind is Representation.OTHER_AUTHORISED_PERSON:
        check.require(
            bool(facts.board_permission_reference),
            "board-permission-required",
            msg(
                "any other person may represent only with the Board's permission (give its reference)"
            ),
            field="representation.board_permission_reference",
        )
