"""An employer's employees: who works there from when until when (CONTRACT.md "Corrections").
The registry is the employer's own; a month's line for someone it says left before the month
began is refused. A person's nationality given here is remembered for pricing, as a
submission's is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from services.contribution import access
from services.contribution.domain.coverage import Nationality
from services.contribution.events import EmployeeLeft, EmployeeStarted
from services.contribution.models import Employee
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import EmployeeIn, TerminationIn
from services.contribution.usecases.employers import load as load_employer
from shared.kernel.dates import ensure_happened
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.person_id import IdKind, id_kind, mask_person_id
from shared.web.auth import Principal


async def employees_of(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    after: str | None,
    limit: int,
) -> Sequence[Employee]:
    access.ensure_may_act_for_employer(principal, employer_code, write=False)
    await load_employer(uow, employer_code)
    return await uow.employees.page(employer_code, after, limit)


async def add_employee(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str, body: EmployeeIn
) -> Employee:
    access.ensure_may_act_for_employer(principal, employer_code, write=True)
    ensure_happened({"started_on": body.started_on}, now=uow.now())
    socso = id_kind(body.ic) is IdKind.SOCSO_NUMBER
    nationality = body.nationality.value if body.nationality else None
    if socso and nationality not in (None, Nationality.FOREIGN.value):
        raise RuleViolated(
            msg("A SOCSO number is a foreign worker's"),
            violations=[
                Violation(
                    field="nationality",
                    message=msg("a person named by a SOCSO number is a foreign worker"),
                )
            ],
        )
    async with uow:
        await load_employer(uow, employer_code)
        if await uow.employees.get(employer_code, body.ic) is not None:
            raise Conflict(
                msg(
                    "{ic} is already an employee of {employer_code}",
                    ic=mask_person_id(body.ic),
                    employer_code=employer_code,
                )
            )
        employee = Employee(
            employer_code=employer_code,
            ic=body.ic,
            name=body.name,
            nationality=nationality
            or (Nationality.FOREIGN.value if socso else Nationality.MALAYSIAN.value),
            started_on=body.started_on,
        )
        uow.employees.add(employee)
        if nationality:
            await uow.persons.remember_nationalities({body.ic: nationality})
        uow.record(
            EmployeeStarted(
                employer_code=employer_code,
                person_key=uow.person_key(body.ic),
                ic_masked=mask_person_id(body.ic),
                started_on=body.started_on,
            )
        )
        await uow.commit()
        return employee


async def terminate(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    ic: str,
    body: TerminationIn,
) -> Employee:
    access.ensure_may_act_for_employer(principal, employer_code, write=True)
    ensure_happened({"ended_on": body.ended_on}, now=uow.now())
    async with uow:
        employee = await uow.employees.get(employer_code, ic)
        if employee is None:
            raise NotFound(
                msg(
                    "{ic} is not an employee of {employer_code}",
                    ic=mask_person_id(ic),
                    employer_code=employer_code,
                )
            )
        if body.ended_on < employee.started_on:
            raise RuleViolated(
                msg("An employment ends after it starts"),
                violations=[
                    Violation(
                        field="ended_on",
                        message=msg(
                            "before the start, {started_on}",
                            started_on=employee.started_on.isoformat(),
                        ),
                    )
                ],
            )
        employee.ended_on, employee.end_reason = body.ended_on, body.reason
        uow.record(
            EmployeeLeft(
                employer_code=employer_code,
                person_key=uow.person_key(ic),
                ic_masked=mask_person_id(ic),
                ended_on=body.ended_on,
            )
        )
        await uow.commit()
        return employee


async def ensure_still_employed(
    uow: ContributionUnitOfWork,
    employer_code: str,
    ids: Sequence[str],
    first_day: date,
    *,
    field: str = "lines",
) -> None:
    """422 naming each line for someone the registry says left before the month began."""
    left = await uow.employees.left_before(employer_code, list(ids), first_day)
    if left:
        raise RuleViolated(
            msg("Some lines are for people who had left"),
            violations=[
                Violation(
                    field=f"{field}[{i}].ic",
                    code="left-before-month",
                    message=msg("the employer's registry says this person left before the month"),
                )
                for i, person in enumerate(ids)
                if person in left
            ],
        )
