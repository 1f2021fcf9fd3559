"""Who may do and see what in the dialysis service: the role and identity policies, in one place.

A role that may never use an operation is 403; another party's treatment, bill or claim is 404,
as if it did not exist (CONTRACT.md "Auth").
"""

from __future__ import annotations

from services.dialysis.models import Bill, Treatment
from shared.kernel.errors import Forbidden, NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal, Role

STAFF = (Role.OFFICER, Role.DASHBOARD)
TREATMENT_READERS = (*STAFF, Role.DIALYSIS_CENTRE, Role.MEMBER)
# Centres are public information to those who choose or run one.
CENTRE_READERS = (*STAFF, Role.DIALYSIS_CENTRE, Role.MEMBER)
BILL_READERS = (*STAFF, Role.DIALYSIS_CENTRE)


def ensure_officer(principal: Principal) -> None:
    principal.require_role(Role.OFFICER)


def ensure_staff(principal: Principal) -> None:
    principal.require_role(*STAFF)


def ensure_may_list_centres(principal: Principal) -> None:
    principal.require_role(*CENTRE_READERS)


def may_see_treatment(principal: Principal, treatment: Treatment) -> bool:
    """A centre sees its own patients, a member their own treatment; officers and dashboards all."""
    if principal.role in STAFF:
        return True
    if principal.role is Role.DIALYSIS_CENTRE:
        return principal.centre_id == treatment.centre_id
    if principal.role is Role.MEMBER:
        return principal.ic == treatment.ic
    return False


def ensure_may_see_treatment(
    principal: Principal, treatment: Treatment | None, treatment_id: str
) -> Treatment:
    principal.require_role(*TREATMENT_READERS)
    if treatment is None or not may_see_treatment(principal, treatment):
        raise NotFound(msg("Treatment {treatment_id} not found", treatment_id=treatment_id))
    return treatment


def ensure_may_request_treatment(principal: Principal, *, ic: str, centre_id: str) -> None:
    """The member themself, their centre, or an officer."""
    if principal.role is Role.MEMBER and principal.ic != ic:
        raise NotFound(msg("Insured person not found"))
    if principal.role is Role.DIALYSIS_CENTRE and principal.centre_id != centre_id:
        raise NotFound(msg("Centre {centre_id} not found", centre_id=centre_id))
    if principal.role not in (Role.MEMBER, Role.DIALYSIS_CENTRE, Role.OFFICER):
        raise Forbidden(msg("Role '{role}' may not request treatment", role=principal.role.value))


def ensure_may_see_bill(principal: Principal, bill: Bill | None, bill_id: str) -> Bill:
    principal.require_role(*BILL_READERS)
    if bill is None or (
        principal.role is Role.DIALYSIS_CENTRE and principal.centre_id != bill.centre_id
    ):
        raise NotFound(msg("Bill {bill_id} not found", bill_id=bill_id))
    return bill


def own_centre(principal: Principal) -> str | None:
    """What a list of bills shows: a centre's own, or all for officers and dashboards."""
    if principal.role is Role.DIALYSIS_CENTRE:
        return principal.centre_id
    if principal.role not in STAFF:
        raise Forbidden(msg("Role '{role}' may not read bills", role=principal.role.value))
    return None


def own_patient(principal: Principal) -> str | None:
    """What a list of claims shows: a member's own, or all for officers and dashboards."""
    if principal.role is Role.MEMBER:
        return principal.ic
    principal.require_role(*STAFF, Role.MEMBER)
    return None


def ensure_may_bill(principal: Principal) -> None:
    principal.require_role(Role.DIALYSIS_CENTRE)


def ensure_may_claim_reimbursement(principal: Principal) -> None:
    if principal.role not in (Role.MEMBER, Role.OFFICER):
        raise Forbidden(
            msg("Role '{role}' may not claim reimbursements", role=principal.role.value)
        )


def ensure_may_claim_support(principal: Principal) -> None:
    if principal.role not in (Role.MEMBER, Role.OFFICER, Role.DIALYSIS_CENTRE):
        raise Forbidden(msg("Role '{role}' may not claim support items", role=principal.role.value))


def ensure_may_read_person(principal: Principal, ic: str) -> None:
    """One person's dialysis record: officers, dashboards, or that member."""
    principal.require_person_reader(ic, *STAFF)


def may_read_welfare_notes(principal: Principal) -> bool:
    return principal.role is Role.OFFICER
