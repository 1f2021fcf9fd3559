"""Applications: sponsors, submission against every eligibility rule, documents, the decision."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.loan import access
from services.loan.domain import lifecycle
from services.loan.domain.eligibility import (
    REQUIRED_DOCUMENTS,
    ApplicationFacts,
    DependantBenefit,
    Level,
    PreviousLoan,
    check_eligibility,
)
from services.loan.domain.lifecycle import STUDIES_FINISHED, ApplicationStatus, LoanStatus
from services.loan.domain.tables import money
from services.loan.events import (
    ApplicationApproved,
    ApplicationRejected,
    ApplicationSubmitted,
    SponsorRecorded,
)
from services.loan.models import Application, Loan, Sponsor
from services.loan.repository import LoanUnitOfWork
from services.loan.schemas import ApplicationIn
from services.loan.usecases.loans import schedule_of
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.ic import age_on, mask_ic
from shared.kernel.money import ZERO
from shared.web.auth import Principal


def missing_documents(received: list[str]) -> list[str]:
    return [d for d in REQUIRED_DOCUMENTS if d not in received]


async def load(uow: LoanUnitOfWork, principal: Principal, application_id: str) -> Application:
    """The application if the caller may see it (another member's: 404)."""
    access.ensure_reader(principal)
    application = await uow.applications.get(application_id)
    if application is None or not access.may_see(principal, application.applicant_ic):
        raise NotFound(msg("Application {application_id} not found", application_id=application_id))
    return application


@dataclass(frozen=True)
class ApplicationRecord:
    """An application, and the loan its approval made (None until then)."""

    application: Application
    loan_id: str | None = None


async def with_loans(uow: LoanUnitOfWork, found: Sequence[Application]) -> list[ApplicationRecord]:
    loans = await uow.loans.ids_by_application([a.id for a in found])
    return [ApplicationRecord(a, loans.get(a.id)) for a in found]


async def get_application(
    uow: LoanUnitOfWork, *, principal: Principal, application_id: str
) -> ApplicationRecord:
    [record] = await with_loans(uow, [await load(uow, principal, application_id)])
    return record


async def list_applications(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    after: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> list[ApplicationRecord]:
    """A member's own applications; all for officers and dashboards; each with its loan; newest
    first, `limit + 1` after the cursor's."""
    found = await uow.applications.newest(
        applicant_ic=access.own_borrower_ic(principal), after=after, limit=limit
    )
    return await with_loans(uow, found)


async def record_sponsor(
    uow: LoanUnitOfWork, *, principal: Principal, ic: str, name: str, condition: str, benefit: str
) -> Sponsor:
    """Record an insured person whose dependants may apply (officers)."""
    access.ensure_officer(principal)
    async with uow:
        sponsor = Sponsor(
            id=str(uuid.uuid4()),
            ic=ic,
            name=name,
            condition=condition,
            benefit=benefit,
            recorded_by=uow.actor,
            recorded_at=uow.now(),
        )
        uow.sponsors.add(sponsor)
        uow.record(SponsorRecorded(sponsor_id=sponsor.id, condition=condition, benefit=benefit))
        await uow.commit()
        return sponsor


async def _earlier_loans(uow: LoanUnitOfWork, ic: str) -> list[PreviousLoan]:
    """The applicant's loans on record, as the eligibility rules weigh them."""
    earlier = []
    for loan in await uow.loans.of_person(ic):
        schedule_total = ZERO
        if loan.final_disbursement_month and loan.offer_accepted_on:
            schedule_total = sum((i.amount for i in schedule_of(loan)), ZERO)
        owed = max((schedule_total or loan.disbursed_total) - loan.repaid_total, ZERO)
        finished = LoanStatus(loan.status) in STUDIES_FINISHED
        earlier.append(PreviousLoan(Level(loan.level), finished, False, False, owed))
    return earlier


def _facts(
    body: ApplicationIn, sponsor: Sponsor, earlier: list[PreviousLoan], applied_on: date
) -> ApplicationFacts:
    return ApplicationFacts(
        applicant_age=age_on(body.applicant_ic, applied_on),
        sponsor_benefit=DependantBenefit(sponsor.benefit),
        is_sibling_of_insured=body.is_sibling_of_insured,
        married=body.married,
        level=body.level,
        in_malaysia=body.in_malaysia,
        full_time=body.full_time,
        months_left=body.months_left,
        declined_by_other_agency=body.declined_by_other_agency,
        tuition_total=body.tuition_total,
        private_institution=body.private_institution,
        institution_years_operating=body.institution_years_operating,
        institution_approved_by_ministry=body.institution_approved_by_ministry,
        course_approved_by_ministry=body.course_approved_by_ministry,
        accreditation=body.accreditation,
        accreditation_valid_until=body.accreditation_valid_until,
        meets_entry_requirements=body.meets_entry_requirements,
        family_unable_to_pay=body.family_unable_to_pay,
        previous_loans=tuple(earlier)
        + tuple(
            PreviousLoan(
                p.level, p.completed, p.cancelled, p.suspended_for_poor_results, p.outstanding
            )
            for p in body.previous_loans
        ),
        applied_on=applied_on,
    )


async def submit_application(
    uow: LoanUnitOfWork, *, principal: Principal, body: ApplicationIn
) -> Application:
    """Every eligibility rule checked; all failures at once (422), else the application is submitted."""
    access.ensure_may_apply(principal, body.applicant_ic)
    applied_on = malaysia_date(uow.now())
    async with uow:
        sponsor = await uow.sponsors.get(body.sponsor_id)
        if sponsor is None:
            raise RuleViolated(
                msg("Unknown sponsor"),
                violations=[
                    Violation(
                        field="sponsor_id",
                        message=msg("no insured person recorded with this id"),
                        code="unknown-sponsor",
                    )
                ],
            )
        facts = _facts(body, sponsor, await _earlier_loans(uow, body.applicant_ic), applied_on)
        check_eligibility(facts).raise_if_failed("The application does not meet the requirements")
        application = Application(
            id=str(uuid.uuid4()),
            applicant_ic=body.applicant_ic,
            applicant_name=body.applicant_name,
            sponsor_id=sponsor.id,
            level=body.level.value,
            institution=body.institution,
            programme=body.programme,
            tuition_total=body.tuition_total,
            facts=body.model_dump_json(),
            documents=sorted(set(body.documents)),
            status=ApplicationStatus.SUBMITTED.value,
            submitted_at=uow.now(),
            submitted_by=uow.actor,
        )
        uow.applications.add(application)
        uow.record(
            ApplicationSubmitted(
                application_id=application.id, level=application.level, sponsor_id=sponsor.id
            )
        )
        await uow.commit()
        return application


async def add_documents(
    uow: LoanUnitOfWork, *, principal: Principal, application_id: str, documents: list[str]
) -> ApplicationRecord:
    """Record documents received for an application (the applicant or an officer)."""
    access.ensure_may_act_on_loan(principal)
    async with uow:
        application = await load(uow, principal, application_id)
        application.documents = sorted(set(application.documents) | set(documents))
        [record] = await with_loans(uow, [application])
        await uow.commit()
        return record


def _approved_amount(application: Application, amount: Decimal | None) -> Decimal:
    """An approval needs every document and an amount from RM1,000 up to the tuition total."""
    missing = missing_documents(application.documents)
    if missing:
        raise RuleViolated(
            msg("Documents are missing"),
            violations=[
                Violation(
                    field="documents", message=msg("missing {d}", d=d), code="document-missing"
                )
                for d in missing
            ],
        )
    if amount is None or amount < money("min_loan") or amount > application.tuition_total:
        raise RuleViolated(
            msg("The amount is out of range"),
            violations=[
                Violation(field="amount", message=msg("from RM1,000 up to the tuition total"))
            ],
        )
    return amount


async def decide_application(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    application_id: str,
    approve: bool,
    amount: Decimal | None,
    reason: str | None,
) -> tuple[Application, Loan | None]:
    """Approve with an amount (an offer) or reject with a reason (loan.application.rejected, appealable)."""
    access.ensure_officer(principal)
    async with uow:
        application = await load(uow, principal, application_id)
        decided = lifecycle.application_decided(
            ApplicationStatus(application.status), approve=approve
        )
        loan: Loan | None = None
        if approve:
            approved = _approved_amount(application, amount)
            loan = Loan(
                id=str(uuid.uuid4()),
                application_id=application.id,
                borrower_ic=application.applicant_ic,
                level=application.level,
                approved_amount=approved,
                offer_accepted_on=None,
                status=LoanStatus.OFFERED.value,
                suspended=False,
                disbursed_total=ZERO,
                final_disbursement_month=None,
                repaid_total=ZERO,
                created_at=uow.now(),
            )
            uow.loans.add(loan)
            uow.record(
                ApplicationApproved(application_id=application.id, loan_id=loan.id, amount=approved)
            )
        else:
            if not reason:
                raise RuleViolated(
                    msg("A rejection needs its reason"),
                    violations=[Violation(field="reason", message=msg("required when rejecting"))],
                )
            application.decision_reason = reason
            # The appeals service records refusals a person may appeal, by the person's key.
            uow.record(
                ApplicationRejected(
                    application_id=application.id,
                    person_key=uow.person_key(application.applicant_ic),
                    ic_masked=mask_ic(application.applicant_ic),
                    reason=reason,
                    decided_on=malaysia_date(uow.now()),
                )
            )
        application.status = decided.value
        await uow.commit()
        return application, loan
