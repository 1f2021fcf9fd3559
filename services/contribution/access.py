"""Who may do and see what in the contribution service: the role and identity policies, in one place.

A role that may never use an operation is 403; another party's employer, submission or person
is 404, as if it did not exist (CONTRACT.md "Auth").
"""

from __future__ import annotations

from shared.kernel.errors import Forbidden, NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal, Role

STAFF = (Role.OFFICER, Role.DASHBOARD)


def ensure_officer(principal: Principal) -> None:
    principal.require_role(Role.OFFICER)


def ensure_staff(principal: Principal) -> None:
    principal.require_role(*STAFF)


def ensure_may_act_for_employer(principal: Principal, employer_code: str, *, write: bool) -> None:
    """An employer acts only for itself; officers for all; dashboards read all."""
    if principal.role is Role.OFFICER:
        return
    if principal.role is Role.DASHBOARD and not write:
        return
    if principal.role is Role.EMPLOYER:
        if principal.employer_code == employer_code:
            return
        raise NotFound(msg("Employer {employer_code} not found", employer_code=employer_code))
    raise Forbidden(msg("Role '{role}' may not use employer resources", role=principal.role.value))


def ensure_may_ask_what_if(principal: Principal, employer_code: str) -> None:
    """What paying on a day would cost: the employer's own question (or an officer's for it);
    dashboards only watch what happened."""
    ensure_may_act_for_employer(principal, employer_code, write=True)


def ensure_may_read_person(principal: Principal, ic: str) -> None:
    """Officers and dashboards read anyone; a member only themself (another person: 404)."""
    principal.require_person_reader(ic, *STAFF)


def ensure_may_act_for_person(principal: Principal, ic: str) -> None:
    """Registering or paying under a scheme: officers for anyone, a member only for themself."""
    if principal.role is Role.OFFICER:
        return
    if principal.role is Role.MEMBER:
        if principal.ic == ic:
            return
        raise NotFound(msg("Insured person not found"))
    raise Forbidden(
        msg("Role '{role}' may not register or pay for a person", role=principal.role.value)
    )


def may_override_coverage(principal: Principal) -> bool:
    """Only an officer may set a line's category and EIS instead of deriving them."""
    return principal.role is Role.OFFICER


def ensure_signed_callback_of(principal: Principal, bank_code: str) -> None:
    """The gateway's token for this bank's verified callback (another bank's path: 404)."""
    principal.require_signed_callback()
    if principal.bank_code != bank_code:
        raise NotFound(msg("Bank {bank_code} not found", bank_code=bank_code))


def own_employer(principal: Principal) -> str | None:
    """What a list shows: an employer its own records (its code), staff everyone's (None)."""
    if principal.role is Role.EMPLOYER:
        return principal.employer_code or ""
    ensure_staff(principal)
    return None
