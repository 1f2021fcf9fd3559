"""Employers: registration, search and changes by officers, and reading one."""

from __future__ import annotations

from collections.abc import Sequence

from services.contribution import access
from services.contribution.events import EmployerRegistered, EmployerUpdated
from services.contribution.models import Employer
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import EmployerPatchIn
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.states import State
from shared.web.auth import Principal


async def load(uow: ContributionUnitOfWork, employer_code: str) -> Employer:
    employer = await uow.employers.get(employer_code)
    if employer is None:
        raise NotFound(msg("Employer {employer_code} not found", employer_code=employer_code))
    return employer


async def get_employer(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str
) -> Employer:
    """One employer (itself, officers, dashboards)."""
    access.ensure_may_act_for_employer(principal, employer_code, write=False)
    return await load(uow, employer_code)


async def register_employer(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    name: str,
    state: str,
    mycoid: str | None,
) -> Employer:
    """Register an employer (officers only)."""
    access.ensure_officer(principal)
    _ensure_state(state)
    async with uow:
        if await uow.employers.get(employer_code) is not None:
            raise Conflict(
                msg("Employer {employer_code} is already registered", employer_code=employer_code)
            )
        employer = Employer(
            employer_code=employer_code,
            name=name,
            state=state,
            mycoid=mycoid,
            registered_at=uow.now(),
        )
        uow.employers.add(employer)
        uow.record(EmployerRegistered(employer_code=employer_code, state=state))
        await uow.commit()
        return employer


async def search_employers(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    q: str | None,
    after: str | None,
    limit: int,
) -> Sequence[Employer]:
    """Employers whose code starts with, or whose name contains, `q` (officers, dashboards)."""
    access.ensure_staff(principal)
    return await uow.employers.search(q, after, limit)


async def update_employer(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str, patch: EmployerPatchIn
) -> Employer:
    """An officer's change of name, state or address (the due dates of months not yet
    submitted follow a new state's rest days; those already submitted keep theirs)."""
    access.ensure_officer(principal)
    changed = patch.model_dump(exclude_none=True)
    if not changed:
        raise RuleViolated(
            msg("Nothing to change"),
            violations=[Violation(field="body", message=msg("give name, state or address"))],
        )
    if "state" in changed:
        _ensure_state(changed["state"])
    async with uow:
        employer = await load(uow, employer_code)
        for name, value in changed.items():
            setattr(employer, name, value)
        uow.record(EmployerUpdated(employer_code=employer_code, changed=sorted(changed)))
        await uow.commit()
        return employer


def _ensure_state(state: str) -> None:
    try:
        State(state)
    except ValueError as exc:
        raise RuleViolated(
            msg("Unknown state"),
            violations=[
                Violation(field="state", message=msg("unknown state code {state!r}", state=state))
            ],
        ) from exc
