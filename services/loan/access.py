"""Who may do and see what in the loan service: the role and identity policies, in one place.

A role that may never use an operation is 403; another member's application or loan is 404, as
if it did not exist (CONTRACT.md "Auth").
"""

from __future__ import annotations

from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal, Role

READERS = (Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
# The one bank that collects education loan repayments.
REPAYMENT_BANK = "MBB"


def may_see(principal: Principal, borrower_ic: str) -> bool:
    """A member sees only their own applications and loans; officers and dashboards all."""
    if principal.role in (Role.OFFICER, Role.DASHBOARD):
        return True
    return principal.role is Role.MEMBER and principal.ic == borrower_ic


def ensure_reader(principal: Principal) -> None:
    principal.require_role(*READERS)


def ensure_officer(principal: Principal) -> None:
    principal.require_role(Role.OFFICER)


def ensure_may_act_on_loan(principal: Principal) -> None:
    """The borrower (a member, for their own: 404 otherwise) or an officer; dashboards only read."""
    principal.require_role(Role.OFFICER, Role.MEMBER)


def ensure_may_apply(principal: Principal, applicant_ic: str) -> None:
    """The member themself, or an officer for them."""
    if principal.role is Role.MEMBER and principal.ic != applicant_ic:
        raise NotFound(msg("Applicant not found"))
    principal.require_role(Role.MEMBER, Role.OFFICER)


def ensure_may_record_results(principal: Principal) -> None:
    principal.require_role(Role.OFFICER, Role.MEMBER)


def own_borrower_ic(principal: Principal) -> str | None:
    """What a list shows: a member's own (their IC), or all for officers and dashboards."""
    if principal.role is Role.MEMBER:
        return principal.ic
    principal.require_role(Role.OFFICER, Role.DASHBOARD)
    return None


def ensure_may_read_person(principal: Principal, ic: str) -> None:
    """One person's loans: officers, dashboards, or that member."""
    principal.require_person_reader(ic, Role.OFFICER, Role.DASHBOARD)


def ensure_signed_callback_of(principal: Principal, bank_code: str) -> None:
    """The gateway's token for this bank's verified callback (another bank's path: 404)."""
    principal.require_signed_callback()
    if principal.bank_code != bank_code:
        raise NotFound(msg("Bank {bank_code} not found", bank_code=bank_code))
