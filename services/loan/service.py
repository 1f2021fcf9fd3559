"""Use cases of the loan service: one transaction each, events recorded in it."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.loan import events
from services.loan.domain.charges import NoServiceChargeRegime, service_charge_rate
from services.loan.domain.eligibility import (
    REQUIRED_DOCUMENTS,
    ApplicationFacts,
    DependantBenefit,
    Level,
    PreviousLoan,
    check_eligibility,
)
from services.loan.domain.guarantors import GuarantorFacts, check_guarantor, requirement_for
from services.loan.domain.progress import (
    cgpa_below_threshold,
    check_disbursement,
    qualifies_for_scholarship,
)
from services.loan.domain.schedule import Instalment, instalment_schedule
from services.loan.domain.tables import OutsideTheTables, money
from services.loan.models import (
    Application,
    Counselling,
    Disbursement,
    Guarantor,
    Loan,
    Repayment,
    SemesterResult,
    Sponsor,
)
from services.loan.schemas import (
    ApplicationIn,
    DisbursementIn,
    EpfWithdrawalIn,
    GuarantorIn,
    RepaymentCallbackIn,
    is_witness,
)
from shared.kernel import jsonutil
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import Conflict, NotFound, RuleCheck, RuleViolated, Violation
from shared.kernel.ic import age_on, mask_ic
from shared.kernel.money import ZERO
from shared.persistence.uow import UnitOfWork
from shared.web.auth import Principal, Role

REPAYMENT_BANK = "MBB"


def may_see(principal: Principal, borrower_ic: str) -> bool:
    """A member sees only their own applications and loans; officers and dashboards all."""
    if principal.role in (Role.OFFICER, Role.DASHBOARD):
        return True
    return principal.role is Role.MEMBER and principal.ic == borrower_ic


async def load_loan(
    session: AsyncSession, principal: Principal, loan_id: str, *, for_update: bool = False
) -> Loan:
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
    statement = select(Loan).where(Loan.id == loan_id)
    if for_update:
        statement = statement.with_for_update()
    loan = (await session.execute(statement)).scalar_one_or_none()
    if loan is None or not may_see(principal, loan.borrower_ic):
        raise NotFound(f"Loan {loan_id} not found")
    return loan


async def load_application(
    session: AsyncSession, principal: Principal, application_id: str
) -> Application:
    principal.require_role(Role.OFFICER, Role.DASHBOARD, Role.MEMBER)
    application = await session.get(Application, application_id)
    if application is None or not may_see(principal, application.applicant_ic):
        raise NotFound(f"Application {application_id} not found")
    return application


def missing_documents(received: list[str]) -> list[str]:
    return [d for d in REQUIRED_DOCUMENTS if d not in received]


async def record_sponsor(
    uow: UnitOfWork, *, ic: str, name: str, condition: str, benefit: str
) -> Sponsor:
    """Record an insured person whose dependants may apply (officers)."""
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
        uow.session.add(sponsor)
        uow.record(
            events.SPONSOR_RECORDED,
            subject=sponsor.id,
            data={"sponsor_id": sponsor.id, "condition": condition, "benefit": benefit},
        )
        await uow.commit()
        return sponsor


async def submit_application(
    uow: UnitOfWork, *, principal: Principal, body: ApplicationIn
) -> Application:
    """Every eligibility rule checked; all failures at once (422), else the application is submitted."""
    if principal.role is Role.MEMBER and principal.ic != body.applicant_ic:
        raise NotFound("Applicant not found")
    principal.require_role(Role.MEMBER, Role.OFFICER)
    applied_on = malaysia_date(uow.now())
    async with uow:
        session = uow.session
        sponsor = await session.get(Sponsor, body.sponsor_id)
        if sponsor is None:
            raise RuleViolated(
                "Unknown sponsor",
                violations=[
                    Violation(
                        field="sponsor_id",
                        message="no insured person recorded with this id",
                        code="unknown-sponsor",
                    )
                ],
            )
        earlier = await _earlier_loans(session, body.applicant_ic)
        facts = ApplicationFacts(
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
            documents=jsonutil.dumps(sorted(set(body.documents))).decode(),
            status="submitted",
            submitted_at=uow.now(),
            submitted_by=uow.actor,
        )
        session.add(application)
        uow.record(
            events.APPLICATION_SUBMITTED,
            subject=application.id,
            data={
                "application_id": application.id,
                "level": application.level,
                "sponsor_id": sponsor.id,
            },
        )
        await uow.commit()
        return application


async def _earlier_loans(session: AsyncSession, ic: str) -> list[PreviousLoan]:
    loans = (await session.execute(select(Loan).where(Loan.borrower_ic == ic))).scalars().all()
    earlier = []
    for loan in loans:
        schedule_total = ZERO
        if loan.final_disbursement_month and loan.offer_accepted_on:
            schedule_total = sum((i.amount for i in _schedule(loan)), ZERO)
        owed = max((schedule_total or loan.disbursed_total) - loan.repaid_total, ZERO)
        earlier.append(
            PreviousLoan(
                Level(loan.level),
                loan.status in ("completed", "scholarship", "repaying"),
                loan.status == "cancelled",
                False,
                owed,
            )
        )
    return earlier


async def add_documents(
    uow: UnitOfWork, *, principal: Principal, application_id: str, documents: list[str]
) -> Application:
    async with uow:
        application = await load_application(uow.session, principal, application_id)
        received = set(jsonutil.loads(application.documents)) | set(documents)
        application.documents = jsonutil.dumps(sorted(received)).decode()
        await uow.commit()
        return application


async def decide_application(
    uow: UnitOfWork,
    *,
    principal: Principal,
    application_id: str,
    approve: bool,
    amount: Decimal | None,
    reason: str | None,
) -> tuple[Application, Loan | None]:
    """Approve with an amount (an offer) or reject with a reason (loan.application.rejected, appealable)."""
    principal.require_role(Role.OFFICER)
    async with uow:
        session = uow.session
        application = await load_application(session, principal, application_id)
        if application.status != "submitted":
            raise Conflict(f"The application is already {application.status}")
        loan: Loan | None = None
        if approve:
            missing = missing_documents(jsonutil.loads(application.documents))
            if missing:
                raise RuleViolated(
                    "Documents are missing",
                    violations=[
                        Violation(
                            field="documents", message=f"missing {d}", code="document-missing"
                        )
                        for d in missing
                    ],
                )
            if amount is None or amount < money("min_loan") or amount > application.tuition_total:
                raise RuleViolated(
                    "The amount is out of range",
                    violations=[
                        Violation(field="amount", message="from RM1,000 up to the tuition total")
                    ],
                )
            application.status = "approved"
            loan = Loan(
                id=str(uuid.uuid4()),
                application_id=application.id,
                borrower_ic=application.applicant_ic,
                level=application.level,
                approved_amount=amount,
                offer_accepted_on=None,
                status="offered",
                suspended=False,
                disbursed_total=ZERO,
                final_disbursement_month=None,
                repaid_total=ZERO,
                created_at=uow.now(),
            )
            session.add(loan)
            uow.record(
                events.APPLICATION_APPROVED,
                subject=application.id,
                data={"application_id": application.id, "loan_id": loan.id, "amount": amount},
            )
        else:
            if not reason:
                raise RuleViolated(
                    "A rejection needs its reason",
                    violations=[Violation(field="reason", message="required when rejecting")],
                )
            application.status = "rejected"
            application.decision_reason = reason
            # The appeals service records refusals a person may appeal: the IC travels in this decision.
            uow.record(
                events.APPLICATION_REJECTED,
                subject=application.id,
                data={
                    "application_id": application.id,
                    "ic": application.applicant_ic,
                    "reason": reason,
                    "decided_on": malaysia_date(uow.now()).isoformat(),
                },
            )
        await uow.commit()
        return application, loan


async def accept_offer(
    uow: UnitOfWork, *, principal: Principal, loan_id: str, accepted_on: date
) -> Loan:
    """The acceptance date fixes the service charge regime."""
    async with uow:
        loan = await load_loan(uow.session, principal, loan_id, for_update=True)
        if loan.status != "offered":
            raise Conflict(f"The offer is already {loan.status}")
        try:
            service_charge_rate(accepted_on, accepted_on)
        except NoServiceChargeRegime as exc:
            raise RuleViolated(
                str(exc), violations=[Violation(field="accepted_on", message=str(exc))]
            ) from exc
        loan.offer_accepted_on = accepted_on
        loan.status = "accepted"
        uow.record(
            events.OFFER_ACCEPTED,
            subject=loan.id,
            data={"loan_id": loan.id, "accepted_on": accepted_on.isoformat()},
        )
        await uow.commit()
        return loan


async def add_guarantor(
    uow: UnitOfWork, *, principal: Principal, loan_id: str, body: GuarantorIn
) -> Guarantor:
    """A guarantor who meets the rules, guaranteeing one applicant at a time across all loans (409 otherwise)."""
    today = malaysia_date(uow.now())
    async with uow:
        session = uow.session
        loan = await load_loan(session, principal, loan_id, for_update=True)
        if loan.status in ("completed", "cancelled", "scholarship"):
            raise Conflict(f"The loan is {loan.status}")
        facts = GuarantorFacts(
            malaysian=body.malaysian,
            age=age_on(body.ic, today),
            self_employed=body.self_employed,
            permanent_employment=body.permanent_employment,
            years_with_employer=body.years_with_employer,
            net_monthly_income=body.net_monthly_income,
            form_b_years=body.form_b_years,
            annual_income=body.annual_income,
            relationship=body.relationship,
            known_applicant_years=body.known_applicant_years,
        )
        check_guarantor(
            facts, loan_amount=loan.approved_amount, witness=is_witness(body.witness)
        ).raise_if_failed("The guarantor does not qualify")
        count = await session.scalar(
            select(func.count()).select_from(Guarantor).where(Guarantor.loan_id == loan.id)
        )
        if (count or 0) >= requirement_for(loan.approved_amount).required:
            raise Conflict("The loan already has all the guarantors it needs")
        if (
            await session.execute(select(Guarantor.id).where(Guarantor.active_key == body.ic))
        ).first() is not None:
            raise Conflict("This guarantor already guarantees another applicant")
        guarantor = Guarantor(
            id=str(uuid.uuid4()),
            loan_id=loan.id,
            ic=body.ic,
            name=body.name,
            witness=body.witness,
            active_key=body.ic,
            added_at=uow.now(),
        )
        session.add(guarantor)
        uow.record(
            events.GUARANTOR_ADDED,
            subject=loan.id,
            data={"loan_id": loan.id, "guarantor_id": guarantor.id, "ic": mask_ic(body.ic)},
        )
        await uow.commit()
        return guarantor


async def disburse(
    uow: UnitOfWork, *, principal: Principal, loan_id: str, body: DisbursementIn
) -> Disbursement:
    """One semester's disbursement, staggered; refused (409) while suspended for CGPA below 2.00."""
    principal.require_role(Role.OFFICER)
    async with uow:
        session = uow.session
        loan = await load_loan(session, principal, loan_id, for_update=True)
        if loan.suspended:
            raise Conflict(
                "Disbursement is suspended until the student attends counselling (CGPA below 2.00)"
            )
        if loan.status not in ("accepted", "disbursing"):
            raise Conflict(
                f"The loan is {loan.status}: accept the offer first, and disbursements stop after the final one"
            )
        guarantors = await session.scalar(
            select(func.count()).select_from(Guarantor).where(Guarantor.loan_id == loan.id)
        )
        if (guarantors or 0) < requirement_for(loan.approved_amount).required:
            raise Conflict(
                "The loan agreement needs all its guarantors before the first disbursement"
            )
        previous = await session.scalar(
            select(func.count())
            .select_from(SemesterResult)
            .where(SemesterResult.loan_id == loan.id, SemesterResult.semester == body.semester - 1)
        )
        education = body.education_fee + body.examination_fee + body.lab_fee
        check = RuleCheck()
        check_disbursement(
            check,
            semester=body.semester,
            previous_result_recorded=bool(previous),
            disbursed_so_far=loan.disbursed_total,
            education_cost=education,
            first_semester_registration=body.registration_fee,
        )
        check.require(
            loan.disbursed_total + education + body.registration_fee <= loan.approved_amount,
            "over-approved-amount",
            "more than the approved amount",
            field="education_fee",
        )
        check.raise_if_failed("The disbursement cannot be made")
        tuition = education + body.registration_fee
        record = Disbursement(
            id=str(uuid.uuid4()),
            loan_id=loan.id,
            semester=body.semester,
            tuition_to_institution=tuition,
            allowance_to_student=body.allowance,
            insurance_to_insurer=body.insurance_premium,
            total=tuition + body.allowance + body.insurance_premium,
            final=body.final,
            disbursed_on=body.disbursed_on,
        )
        session.add(record)
        loan.disbursed_total += tuition
        loan.status = "disbursing"
        if body.final:
            loan.final_disbursement_month = body.disbursed_on.replace(day=1)
            loan.status = "repaying"
            for guarantor in (
                await session.execute(select(Guarantor).where(Guarantor.loan_id == loan.id))
            ).scalars():
                guarantor.active_key = guarantor.ic
        uow.record(
            events.DISBURSED,
            subject=loan.id,
            data={
                "loan_id": loan.id,
                "semester": body.semester,
                "tuition_to_institution": tuition,
                "allowance_to_student": body.allowance,
                "insurance_to_insurer": body.insurance_premium,
                "final": body.final,
            },
        )
        await uow.commit()
        return record


async def record_result(
    uow: UnitOfWork,
    *,
    principal: Principal,
    loan_id: str,
    semester: int,
    cgpa: Decimal,
    final: bool,
) -> SemesterResult:
    """Semester results; a CGPA below 2.00 publishes loan.cgpa.below_threshold (a consumer suspends)."""
    principal.require_role(Role.OFFICER, Role.MEMBER)
    async with uow:
        loan = await load_loan(uow.session, principal, loan_id)
        result = SemesterResult(
            id=str(uuid.uuid4()),
            loan_id=loan.id,
            semester=semester,
            cgpa=cgpa,
            final=final,
            recorded_at=uow.now(),
        )
        uow.session.add(result)
        uow.record(
            events.RESULT_RECORDED,
            subject=loan.id,
            data={"loan_id": loan.id, "semester": semester, "cgpa": str(cgpa)},
        )
        if cgpa_below_threshold(cgpa):
            uow.record(
                events.CGPA_BELOW_THRESHOLD,
                subject=loan.id,
                data={"loan_id": loan.id, "semester": semester, "cgpa": str(cgpa)},
            )
        try:
            await uow.commit()
        except IntegrityError as exc:
            raise Conflict(f"Semester {semester}'s result is already recorded") from exc
        return result


async def attend_counselling(
    uow: UnitOfWork, *, principal: Principal, loan_id: str, attended_on: date, counsellor: str
) -> Loan:
    """Counselling reinstates a suspended disbursement (loan.disbursement.reinstated)."""
    principal.require_role(Role.OFFICER)
    async with uow:
        loan = await load_loan(uow.session, principal, loan_id, for_update=True)
        uow.session.add(
            Counselling(
                id=str(uuid.uuid4()),
                loan_id=loan.id,
                attended_on=attended_on,
                counsellor=counsellor,
            )
        )
        if loan.suspended:
            loan.suspended = False
            uow.record(
                events.DISBURSEMENT_REINSTATED,
                subject=loan.id,
                data={"loan_id": loan.id, "attended_on": attended_on.isoformat()},
            )
        await uow.commit()
        return loan


def _schedule(loan: Loan) -> list[Instalment]:
    assert loan.offer_accepted_on is not None
    assert loan.final_disbursement_month is not None
    return instalment_schedule(
        amount=loan.disbursed_total,
        offer_accepted_on=loan.offer_accepted_on,
        final_disbursement_month=loan.final_disbursement_month,
    )


def schedule_for(loan: Loan) -> list[Instalment]:
    if loan.final_disbursement_month is None or loan.offer_accepted_on is None:
        raise Conflict("The repayment schedule starts after the final disbursement")
    try:
        return _schedule(loan)
    except OutsideTheTables as exc:
        raise Conflict(str(exc)) from exc


def repayment_hash(body: RepaymentCallbackIn | EpfWithdrawalIn) -> str:
    return hashlib.sha256(jsonutil.dumps(body.model_dump(mode="json"))).hexdigest()


async def record_repayment(
    uow: UnitOfWork,
    *,
    bank_code: str,
    txn_id: str,
    loan_account: str,
    amount: Decimal,
    paid_at: object,
    source: str,
    request_hash: str,
) -> dict[str, object]:
    """A repayment recorded exactly once per bank transaction; a replay answers as the first time."""
    try:
        return await _record_repayment(
            uow,
            bank_code=bank_code,
            txn_id=txn_id,
            loan_account=loan_account,
            amount=amount,
            paid_at=paid_at,
            source=source,
            request_hash=request_hash,
        )
    except IntegrityError:
        async with uow:
            existing = (
                await uow.session.execute(
                    select(Repayment).where(
                        Repayment.bank_code == bank_code, Repayment.bank_txn_id == txn_id
                    )
                )
            ).scalar_one_or_none()
            if existing is None:
                raise
            return _replay(existing, request_hash)


def _replay(existing: Repayment, request_hash: str) -> dict[str, object]:
    if existing.request_hash != request_hash:
        raise Conflict(
            f"Transaction {existing.bank_txn_id} was already received with a different body"
        )
    answer: dict[str, object] = jsonutil.loads(existing.response)
    return answer


async def _record_repayment(
    uow: UnitOfWork,
    *,
    bank_code: str,
    txn_id: str,
    loan_account: str,
    amount: Decimal,
    paid_at: object,
    source: str,
    request_hash: str,
) -> dict[str, object]:
    async with uow:
        session = uow.session
        existing = (
            await session.execute(
                select(Repayment).where(
                    Repayment.bank_code == bank_code, Repayment.bank_txn_id == txn_id
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            return _replay(existing, request_hash)
        loan = (
            await session.execute(select(Loan).where(Loan.id == loan_account).with_for_update())
        ).scalar_one_or_none()
        status = "applied" if loan is not None else "unmatched"
        if loan is not None:
            loan.repaid_total += amount
        repayment_id = str(uuid.uuid4())
        answer: dict[str, object] = {
            "repayment_id": repayment_id,
            "loan_account": loan_account,
            "status": status,
            "amount": f"{amount:.2f}",
            "source": source,
        }
        session.add(
            Repayment(
                id=repayment_id,
                loan_id=loan.id if loan else None,
                source=source,
                bank_code=bank_code,
                bank_txn_id=txn_id,
                request_hash=request_hash,
                amount=amount,
                paid_at=paid_at,
                response=jsonutil.dumps(answer).decode(),
            )
        )
        uow.record(
            events.REPAYMENT_RECEIVED,
            subject=repayment_id,
            data={
                "repayment_id": repayment_id,
                "loan_id": loan.id if loan else None,
                "amount": amount,
                "source": source,
                "status": status,
            },
        )
        await uow.commit()
        return answer


async def convert_to_scholarship(
    uow: UnitOfWork,
    *,
    principal: Principal,
    loan_id: str,
    final_cgpa: Decimal,
    completed_in_time: bool,
) -> Loan:
    principal.require_role(Role.OFFICER)
    async with uow:
        loan = await load_loan(uow.session, principal, loan_id, for_update=True)
        if not qualifies_for_scholarship(Level(loan.level), final_cgpa, completed_in_time):
            raise RuleViolated(
                "The final results do not meet the conditions for conversion",
                violations=[
                    Violation(
                        field="final_cgpa",
                        message="below the conditions in data/scholarship.toml, or not a diploma or degree loan",
                        code="scholarship-conditions-not-met",
                    )
                ],
            )
        loan.status = "scholarship"
        for guarantor in (
            await uow.session.execute(select(Guarantor).where(Guarantor.loan_id == loan.id))
        ).scalars():
            guarantor.active_key = None
        uow.record(
            events.CONVERTED_TO_SCHOLARSHIP,
            subject=loan.id,
            data={"loan_id": loan.id, "final_cgpa": str(final_cgpa)},
        )
        await uow.commit()
        return loan


def ensure_maybank(bank_code: str) -> None:
    """ "All of the above payment channels ... can only be done with MAYBANK"."""
    if bank_code != REPAYMENT_BANK:
        raise RuleViolated(
            "Education loan repayments are accepted through Maybank only",
            violations=[
                Violation(
                    field="bank_code",
                    message=f"{bank_code} is not accepted; repayments go through Maybank (MBB)",
                    code="maybank-only",
                )
            ],
        )


def ensure_bank(principal: Principal, bank_code: str) -> None:
    principal.require_role(Role.BANK)
    if principal.bank_code != bank_code:
        raise NotFound(f"Bank {bank_code} not found")
