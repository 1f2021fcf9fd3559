"""Use cases for the schemes paid without an employer: Act 789 (self-employed) and Act 838 (housewives)."""

from __future__ import annotations

import uuid
from datetime import date

from services.contribution import access
from services.contribution.domain.housewives import WrongHousewifeContribution, coverage_for_payment
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.self_employed import (
    PaymentDoesNotFitPlan,
    coverage_months,
    months_bought,
    plan_by_number,
)
from services.contribution.events import (
    HousewifeRegistered,
    SchemePaymentReceived,
    SelfEmployedRegistered,
)
from services.contribution.models import (
    HousewifeRegistration,
    SchemePayment,
    SelfEmployedRegistration,
)
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import HousewifeIn, SchemePaymentIn, SelfEmployedIn
from shared.kernel.clock import malaysia_date
from shared.kernel.dates import BANK_CLOCK_LEEWAY, ensure_happened
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import mask_ic
from shared.web.auth import Principal

SELF_EMPLOYED = "act789"
HOUSEWIFE = "act838"


def _last_day(month: ContributionMonth) -> date:
    following = month.next().first_day
    return date.fromordinal(following.toordinal() - 1)


async def register_self_employed(
    uow: ContributionUnitOfWork, *, principal: Principal, body: SelfEmployedIn
) -> SelfEmployedRegistration:
    """Register a self-employed person under one of the four Act 789 plans (the person or an officer)."""
    access.ensure_may_act_for_person(principal, body.ic)
    plan_by_number(body.plan)
    async with uow:
        if await uow.persons.self_employed(body.ic) is not None:
            raise Conflict(msg("This person is already registered under Act 789"))
        registration = SelfEmployedRegistration(
            ic=body.ic,
            name=body.name,
            sector=body.sector,
            plan=body.plan,
            registered_at=uow.now(),
            covered_until=None,
        )
        uow.persons.add(registration)
        uow.record(
            SelfEmployedRegistered(
                person_key=uow.person_key(body.ic), ic_masked=mask_ic(body.ic), plan=body.plan
            )
        )
        await uow.commit()
        return registration


async def register_housewife(
    uow: ContributionUnitOfWork, *, principal: Principal, body: HousewifeIn
) -> HousewifeRegistration:
    """Register a housewife under Act 838 (the person or an officer)."""
    access.ensure_may_act_for_person(principal, body.ic)
    async with uow:
        if await uow.persons.housewife(body.ic) is not None:
            raise Conflict(msg("This person is already registered under Act 838"))
        registration = HousewifeRegistration(
            ic=body.ic,
            name=body.name,
            spouse_ic=body.spouse_ic,
            registered_at=uow.now(),
            covered_until=None,
        )
        uow.persons.add(registration)
        uow.record(
            HousewifeRegistered(person_key=uow.person_key(body.ic), ic_masked=mask_ic(body.ic))
        )
        await uow.commit()
        return registration


async def pay_scheme(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    scheme: str,
    ic: str,
    body: SchemePaymentIn,
) -> SchemePayment:
    """Record a contribution under Act 789 or Act 838 and extend the person's cover."""
    access.ensure_may_act_for_person(principal, ic)
    ensure_happened({"paid_at": body.paid_at}, now=uow.now(), leeway=BANK_CLOCK_LEEWAY)
    paid_in = ContributionMonth.of(malaysia_date(body.paid_at))
    async with uow:
        registration: SelfEmployedRegistration | HousewifeRegistration | None
        if scheme == SELF_EMPLOYED:
            registration = await uow.persons.self_employed(ic)
        else:
            registration = await uow.persons.housewife(ic)
        if registration is None:
            raise NotFound(msg("No registration under this scheme for this person"))
        current = (
            ContributionMonth.of(registration.covered_until) if registration.covered_until else None
        )
        try:
            if isinstance(registration, SelfEmployedRegistration):
                months = months_bought(plan_by_number(registration.plan), body.amount)
                start = paid_in if current is None or current < paid_in else current.next()
                first, last = coverage_months(start, months)
            else:
                first, last = coverage_for_payment(
                    body.amount, paid_in=paid_in, covered_until=current
                )
        except (PaymentDoesNotFitPlan, WrongHousewifeContribution) as exc:
            raise RuleViolated(
                message_of(exc), violations=[Violation(field="amount", message=message_of(exc))]
            ) from exc
        registration.covered_until = _last_day(last)
        payment = SchemePayment(
            id=str(uuid.uuid4()),
            scheme=scheme,
            ic=ic,
            amount=body.amount,
            covers_from=first.first_day,
            covers_until=_last_day(last),
            paid_at=body.paid_at,
            recorded_by=uow.actor,
        )
        uow.persons.add_scheme_payment(payment)
        uow.record(
            SchemePaymentReceived(
                payment_id=payment.id,
                scheme=scheme,
                person_key=uow.person_key(ic),
                ic_masked=mask_ic(ic),
                amount=body.amount,
                covers_from=payment.covers_from,
                covers_until=payment.covers_until,
            )
        )
        await uow.commit()
        return payment
