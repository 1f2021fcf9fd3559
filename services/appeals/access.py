"""Who may do and see what in the appeals service: the role and identity policies, in one place.

A role that may never use an operation is 403; another party's appeal is 404, as if it did not
exist (CONTRACT.md "Auth").
"""

from __future__ import annotations

from services.appeals.domain.filing import AppellantKind
from services.appeals.models import Appeal, AppealableDecision
from services.appeals.schemas import AppealIn
from shared.kernel.errors import Forbidden, NotFound, RuleCheck
from shared.kernel.i18n import msg
from shared.web.auth import Principal, Role

STAFF = (Role.OFFICER, Role.DASHBOARD, Role.BOARD_SECRETARIAT)
APPELLANTS = (Role.MEMBER, Role.EMPLOYER)
FILERS = (Role.MEMBER, Role.EMPLOYER, Role.OFFICER)
WITHDRAWERS = (Role.MEMBER, Role.EMPLOYER, Role.OFFICER, Role.BOARD_SECRETARIAT)
APPOINTERS = (Role.BOARD_SECRETARIAT, Role.OFFICER)


def may_see(principal: Principal, appeal: Appeal) -> bool:
    """Appellants see their own appeals; the secretariat, officers and dashboards see all."""
    if principal.role in STAFF:
        return True
    if principal.role is Role.MEMBER:
        return principal.ic is not None and principal.ic == appeal.appellant_ic
    if principal.role is Role.EMPLOYER:
        return (
            principal.employer_code is not None
            and principal.employer_code == appeal.appellant_employer_code
        )
    return False


def ensure_may_see(principal: Principal, appeal: Appeal | None, appeal_id: str) -> Appeal:
    principal.require_role(*STAFF, *APPELLANTS)
    if appeal is None or not may_see(principal, appeal):
        raise NotFound(msg("Appeal {appeal_id} not found", appeal_id=appeal_id))
    return appeal


def ensure_may_file(principal: Principal) -> None:
    if principal.role not in FILERS:
        raise Forbidden(msg("Role '{role}' may not file appeals", role=principal.role.value))


def ensure_may_withdraw(principal: Principal) -> None:
    if principal.role not in WITHDRAWERS:
        raise Forbidden(msg("Role '{role}' may not withdraw appeals", role=principal.role.value))


def ensure_may_lodge_documents(principal: Principal) -> None:
    if principal.role is Role.DASHBOARD:
        raise Forbidden(msg("Dashboards only read"))


def ensure_secretariat(principal: Principal) -> None:
    principal.require_role(Role.BOARD_SECRETARIAT)


def ensure_may_appoint(principal: Principal) -> None:
    principal.require_role(*APPOINTERS)


def own_filter(principal: Principal, what: str) -> dict[str, str | None]:
    """The rows a list may show: an appellant's own, or all for staff."""
    if principal.role is Role.MEMBER:
        return {"ic": principal.ic}
    if principal.role is Role.EMPLOYER:
        return {"employer_code": principal.employer_code}
    if principal.role in STAFF:
        return {}
    raise Forbidden(msg("Role '{role}' may not read {what}", role=principal.role.value, what=what))


def ensure_may_read_person(principal: Principal, ic: str) -> None:
    """One person's appeals: officers, dashboards, the secretariat, or that member."""
    principal.require_person_reader(ic, *STAFF)


def decision_concerns(
    decision: AppealableDecision,
    *,
    person_key: str | None,
    employer_code: str | None,
    by_organisation: bool,
) -> bool:
    """A cited decision must be about the appellant (the Organisation may cite any)."""
    if by_organisation:
        return True
    if decision.party_key is not None:
        return decision.party_key == person_key
    return (
        decision.party_employer_code is not None and decision.party_employer_code == employer_code
    )


def check_appellant(check: RuleCheck, principal: Principal, body: AppealIn) -> None:
    """Who may appeal as whom: each mismatch a 422 naming its field, with the form's other rules."""
    kind = body.appellant_kind
    if kind in (AppellantKind.EMPLOYEE, AppellantKind.DEPENDANT):
        check.require(
            body.appellant_ic is not None,
            "appellant-ic-required",
            msg("an employee or dependant is identified by IC"),
            field="appellant_ic",
        )
    if kind is AppellantKind.EMPLOYER:
        check.require(
            body.employer_code is not None,
            "employer-code-required",
            msg("an employer is identified by its employer code"),
            field="employer_code",
        )
    if principal.role is Role.MEMBER:
        check.require(
            kind in (AppellantKind.EMPLOYEE, AppellantKind.DEPENDANT),
            "member-files-as-person",
            msg("a member files as an employee or dependant"),
            field="appellant_kind",
        )
        check.require(
            body.appellant_ic == principal.ic,
            "member-files-own-appeal",
            msg("a member files only their own appeal"),
            field="appellant_ic",
        )
    if principal.role is Role.EMPLOYER:
        check.require(
            kind is AppellantKind.EMPLOYER,
            "employer-files-as-employer",
            msg("an employer files as the employer"),
            field="appellant_kind",
        )
        check.require(
            body.employer_code == principal.employer_code,
            "employer-files-own-appeal",
            msg("an employer files only its own appeal"),
            field="employer_code",
        )
    if kind is AppellantKind.ORGANISATION:
        check.require(
            principal.role is Role.OFFICER,
            "organisation-by-officer",
            msg("the Organisation's appeals are filed by its officers"),
            field="appellant_kind",
        )
