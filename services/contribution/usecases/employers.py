"""Employers: registration by an officer, and reading one."""

from __future__ import annotations

from services.contribution import access
from services.contribution.domain.due_dates import State
from services.contribution.events import EmployerRegistered
from services.contribution.models import Employer
from services.contribution.repository import ContributionUnitOfWork
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.web.auth import Principal


async def load(uow: ContributionUnitOfWork, employer_code: str) -> Employer:
    employer = await uow.employers.get(employer_code)
    if employer is None:
        raise NotFound(f"Employer {employer_code} not found")
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
    try:
        State(state)
    except ValueError as exc:
        raise RuleViolated(
            "Unknown state",
            violations=[Violation(field="state", message=f"unknown state code {state!r}")],
        ) from exc
    async with uow:
        if await uow.employers.get(employer_code) is not None:
            raise Conflict(f"Employer {employer_code} is already registered")
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
