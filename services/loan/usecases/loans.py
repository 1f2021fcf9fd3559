"""Loans: the offer's acceptance, guarantors, semester disbursements and results, counselling,
conversion to a scholarship, the repayment schedule and the borrower's standing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from services.loan import access
from services.loan.domain import lifecycle
from services.loan.domain.charges import NoServiceChargeRegime, service_charge_rate
from services.loan.domain.eligibility import Level
from services.loan.domain.guarantors import GuarantorFacts, check_guarantor, requirement_for
from services.loan.domain.lifecycle import LoanStatus
from services.loan.domain.progress import (
    Standing,
    cgpa_below_threshold,
    check_disbursement,
    qualifies_for_scholarship,
    standing,
)
from services.loan.domain.schedule import Instalment, instalment_schedule
from services.loan.domain.tables import OutsideTheTables, money
from services.loan.events import (
    CgpaBelowThreshold,
    ConvertedToScholarship,
    Disbursed,
    DisbursementReinstated,
    DisbursementSuspended,
    GuarantorAdded,
    OfferAccepted,
    ResultRecorded,
)
from services.loan.models import Counselling, Disbursement, Guarantor, Loan, SemesterResult
from services.loan.repository import LoanUnitOfWork
from services.loan.schemas import DisbursementIn, GuarantorIn, is_witness
from shared.kernel.clock import malaysia_date
from shared.kernel.dates import ensure_happened
from shared.kernel.errors import Conflict, NotFound, RuleCheck, RuleViolated, Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import age_on, mask_ic
from shared.web.auth import Principal


@dataclass(frozen=True)
class LoanRecord:
    loan: Loan
    guarantors: Sequence[Guarantor] = ()


async def load(
    uow: LoanUnitOfWork, principal: Principal, loan_id: str, *, for_update: bool = False
) -> Loan:
    """The loan if the caller may see it (another member's: 404)."""
    access.ensure_reader(principal)
    loan = await uow.loans.get(loan_id, for_update=for_update)
    if loan is None or not access.may_see(principal, loan.borrower_ic):
        raise NotFound(msg("Loan {loan_id} not found", loan_id=loan_id))
    return loan


async def record_of(uow: LoanUnitOfWork, loan: Loan) -> LoanRecord:
    """A loan with its guarantors, as every answer about a loan shows it."""
    return LoanRecord(loan, await uow.guarantors.of_loan(loan.id))


async def get_loan(uow: LoanUnitOfWork, *, principal: Principal, loan_id: str) -> LoanRecord:
    return await record_of(uow, await load(uow, principal, loan_id))


async def list_loans(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    suspended: bool | None,
    after: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> list[LoanRecord]:
    """A member's own loans; all for officers and dashboards; each with its guarantors; newest
    first, `limit + 1` after the cursor's."""
    found = await uow.loans.newest(
        borrower_ic=access.own_borrower_ic(principal),
        suspended=suspended,
        after=after,
        limit=limit,
    )
    guarantors = await uow.guarantors.of_loans([loan.id for loan in found])
    return [LoanRecord(loan, guarantors[loan.id]) for loan in found]


async def accept_offer(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, accepted_on: date
) -> LoanRecord:
    """The acceptance date fixes the service charge regime (the borrower or an officer)."""
    access.ensure_may_act_on_loan(principal)
    ensure_happened({"accepted_on": accepted_on}, now=uow.now())
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        accepted = lifecycle.offer_accepted(LoanStatus(loan.status))
        try:
            service_charge_rate(accepted_on, accepted_on)
        except NoServiceChargeRegime as exc:
            raise RuleViolated(
                message_of(exc),
                violations=[Violation(field="accepted_on", message=message_of(exc))],
            ) from exc
        loan.offer_accepted_on = accepted_on
        loan.status = accepted.value
        uow.record(OfferAccepted(loan_id=loan.id, accepted_on=accepted_on))
        record = await record_of(uow, loan)
        await uow.commit()
        return record


async def add_guarantor(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, body: GuarantorIn
) -> Guarantor:
    """A guarantor who meets the rules, guaranteeing one applicant at a time across all loans (409 otherwise)."""
    access.ensure_may_act_on_loan(principal)
    today = malaysia_date(uow.now())
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        lifecycle.ensure_guarantors_may_change(LoanStatus(loan.status))
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
        if (
            await uow.guarantors.count_of_loan(loan.id)
            >= requirement_for(loan.approved_amount).required
        ):
            raise Conflict(msg("The loan already has all the guarantors it needs"))
        if await uow.guarantors.guarantees_someone(body.ic):
            raise Conflict(msg("This guarantor already guarantees another applicant"))
        guarantor = Guarantor(
            id=str(uuid.uuid4()),
            loan_id=loan.id,
            ic=body.ic,
            name=body.name,
            witness=body.witness,
            active_key=body.ic,
            added_at=uow.now(),
        )
        uow.guarantors.add(guarantor)
        uow.record(
            GuarantorAdded(
                loan_id=loan.id,
                guarantor_id=guarantor.id,
                person_key=uow.person_key(body.ic),
                ic_masked=mask_ic(body.ic),
            )
        )
        await uow.commit()
        return guarantor


async def disburse(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, body: DisbursementIn
) -> Disbursement:
    """One semester's disbursement, staggered; refused (409) while suspended for CGPA below 2.00."""
    access.ensure_officer(principal)
    ensure_happened({"disbursed_on": body.disbursed_on}, now=uow.now())
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        if loan.suspended:
            raise Conflict(
                msg(
                    "Disbursement is suspended until the student attends counselling (CGPA below 2.00)"
                )
            )
        next_status = lifecycle.after_disbursement(LoanStatus(loan.status), final=body.final)
        if (
            await uow.guarantors.count_of_loan(loan.id)
            < requirement_for(loan.approved_amount).required
        ):
            raise Conflict(
                msg("The loan agreement needs all its guarantors before the first disbursement")
            )
        education = body.education_fee + body.examination_fee + body.lab_fee
        tuition_so_far = await uow.disbursements.tuition_of(loan.id)
        check = RuleCheck()
        check_disbursement(
            check,
            semester=body.semester,
            previous_result_recorded=await uow.results.recorded(loan.id, body.semester - 1),
            disbursed_so_far=tuition_so_far,
            education_cost=education,
            first_semester_registration=body.registration_fee,
        )
        check.require(
            tuition_so_far + education + body.registration_fee <= loan.approved_amount,
            "over-approved-amount",
            msg("more than the approved amount"),
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
        uow.disbursements.add(record)
        # What is paid out is owed: the allowance and the insurance premium too ("the insurance
        # cost is factored into the total amount"), so the schedule is built on all of it.
        loan.disbursed_total += record.total
        loan.status = next_status.value
        if body.final:
            loan.final_disbursement_month = body.disbursed_on.replace(day=1)
            for guarantor in await uow.guarantors.of_loan(loan.id):
                guarantor.active_key = guarantor.ic
        uow.record(
            Disbursed(
                loan_id=loan.id,
                semester=body.semester,
                tuition_to_institution=tuition,
                allowance_to_student=body.allowance,
                insurance_to_insurer=body.insurance_premium,
                final=body.final,
            )
        )
        await uow.commit()
        return record


async def record_result(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    loan_id: str,
    semester: int,
    cgpa: Decimal,
    final: bool,
) -> SemesterResult:
    """Semester results; a CGPA below 2.00 suspends the next disbursement in the same transaction
    (so no disbursement can slip in after the result) and says so: loan.cgpa.below_threshold,
    loan.disbursement.suspended."""
    access.ensure_may_record_results(principal)
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        result = SemesterResult(
            id=str(uuid.uuid4()),
            loan_id=loan.id,
            semester=semester,
            cgpa=cgpa,
            final=final,
            recorded_at=uow.now(),
        )
        uow.results.add(result)
        uow.record(ResultRecorded(loan_id=loan.id, semester=semester, cgpa=cgpa))
        if cgpa_below_threshold(cgpa):
            uow.record(CgpaBelowThreshold(loan_id=loan.id, semester=semester, cgpa=cgpa))
            if not loan.suspended:
                loan.suspended = True
                uow.record(DisbursementSuspended(loan_id=loan.id, semester=semester, cgpa=cgpa))
        try:
            await uow.commit()
        except IntegrityError as exc:
            raise Conflict(
                msg("Semester {semester}'s result is already recorded", semester=semester)
            ) from exc
        return result


async def attend_counselling(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, attended_on: date, counsellor: str
) -> LoanRecord:
    """Counselling reinstates a suspended disbursement (loan.disbursement.reinstated)."""
    access.ensure_officer(principal)
    ensure_happened({"attended_on": attended_on}, now=uow.now())
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        uow.counselling.add(
            Counselling(
                id=str(uuid.uuid4()),
                loan_id=loan.id,
                attended_on=attended_on,
                counsellor=counsellor,
            )
        )
        if loan.suspended:
            loan.suspended = False
            uow.record(DisbursementReinstated(loan_id=loan.id, attended_on=attended_on))
        record = await record_of(uow, loan)
        await uow.commit()
        return record


async def convert_to_scholarship(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    loan_id: str,
    final_cgpa: Decimal,
    completed_in_time: bool,
) -> LoanRecord:
    """A diploma or degree loan becomes a scholarship when the final results meet the conditions."""
    access.ensure_officer(principal)
    async with uow:
        loan = await load(uow, principal, loan_id, for_update=True)
        converted = lifecycle.converted_to_scholarship(LoanStatus(loan.status))
        if await uow.results.any_below(loan.id, money("cgpa_threshold")):
            raise RuleViolated(
                msg("A loan with a CGPA below 2.00 on file does not convert"),
                violations=[
                    Violation(
                        field="final_cgpa",
                        message=msg("a semester's CGPA on file is below 2.00"),
                        code="cgpa-below-threshold-on-file",
                    )
                ],
            )
        if not qualifies_for_scholarship(Level(loan.level), final_cgpa, completed_in_time):
            raise RuleViolated(
                msg("The final results do not meet the conditions for conversion"),
                violations=[
                    Violation(
                        field="final_cgpa",
                        message=msg(
                            "below the conditions in data/scholarship.toml, or not a diploma or degree loan"
                        ),
                        code="scholarship-conditions-not-met",
                    )
                ],
            )
        loan.status = converted.value
        guarantors = await uow.guarantors.of_loan(loan.id)
        for guarantor in guarantors:
            guarantor.active_key = None
        uow.record(ConvertedToScholarship(loan_id=loan.id, final_cgpa=final_cgpa))
        await uow.commit()
        return LoanRecord(loan, guarantors)


def schedule_of(loan: Loan) -> list[Instalment]:
    """The instalments of a loan whose final disbursement is made."""
    assert loan.offer_accepted_on is not None
    assert loan.final_disbursement_month is not None
    return instalment_schedule(
        amount=loan.disbursed_total,
        offer_accepted_on=loan.offer_accepted_on,
        final_disbursement_month=loan.final_disbursement_month,
    )


def schedule_for(loan: Loan) -> list[Instalment]:
    """The schedule, or 409 while the loan has none yet."""
    if loan.final_disbursement_month is None or loan.offer_accepted_on is None:
        raise Conflict(msg("The repayment schedule starts after the final disbursement"))
    try:
        return schedule_of(loan)
    except OutsideTheTables as exc:
        raise Conflict(message_of(exc)) from exc


async def repayment_schedule(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str
) -> tuple[Loan, list[Instalment]]:
    loan = await load(uow, principal, loan_id)
    return loan, schedule_for(loan)


async def loan_standing(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, today: date
) -> Standing:
    """Arrears, and the borrower's and guarantors' standing when instalments are missed."""
    loan = await load(uow, principal, loan_id)
    schedule = schedule_for(loan)
    return standing(
        due=[(i.due_on, i.amount) for i in schedule], paid=loan.repaid_total, today=today
    )
