"""Loan use cases on a fake unit of work: the branches HTTP tests never reach."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from services.loan.domain.eligibility import REQUIRED_DOCUMENTS
from services.loan.domain.lifecycle import ApplicationStatus, LoanStatus
from services.loan.events import ApplicationApproved, ApplicationRejected, OfferAccepted
from services.loan.models import Application, Loan
from services.loan.usecases import applications, loans
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.errors import Conflict, Forbidden, NotFound, RuleViolated
from shared.kernel.money import ZERO
from shared.web.auth import Principal, Role
from tests.support.fake_uow import FakeUnitOfWork, InMemory
from tests.support.people import person_key

NOW = datetime(2025, 8, 20, 10, 0, tzinfo=MALAYSIA_TIME)
OFFICER = Principal(client_id="officer-1", role=Role.OFFICER)
APPLICANT_IC = "060509100432"


def application(documents: list[str], status: ApplicationStatus = ApplicationStatus.SUBMITTED):
    return Application(
        id="A-1",
        applicant_ic=APPLICANT_IC,
        applicant_name="Nur",
        sponsor_id="S-1",
        level="degree",
        institution="Universiti Malaya",
        programme="BEng",
        tuition_total=Decimal("40000.00"),
        facts="{}",
        documents=documents,
        status=status.value,
        submitted_at=NOW,
        submitted_by="officer-1",
    )


async def _no_loans(application_ids: list[str]) -> dict[str, str]:
    return {}


async def _no_guarantors(loan_id: str) -> list[object]:
    return []


def unit(*records: Application | Loan) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(
        now=NOW,
        applications=InMemory(),
        loans=InMemory(ids_by_application=_no_loans),
        guarantors=InMemory(of_loan=_no_guarantors),
    )
    for record in records:
        (uow.applications if isinstance(record, Application) else uow.loans).add(record)
    return uow


async def test_approving_an_application_with_documents_missing_names_each_and_changes_nothing() -> (
    None
):
    received = [d for d in REQUIRED_DOCUMENTS if d not in ("offer_letter", "fee_letter")]
    uow = unit(application(received))
    with pytest.raises(RuleViolated) as refused:
        await applications.decide_application(
            uow,
            principal=OFFICER,
            application_id="A-1",
            approve=True,
            amount=Decimal("12000.00"),
            reason=None,
        )
    assert [v.message for v in refused.value.violations] == [
        "missing offer_letter",
        "missing fee_letter",
    ]
    assert {v.code for v in refused.value.violations} == {"document-missing"}
    assert uow.applications.rows["A-1"].status == "submitted"
    assert uow.loans.rows == {}
    assert uow.committed == []


@pytest.mark.parametrize("amount", [None, Decimal("999.99"), Decimal("40000.01")])
async def test_an_approval_needs_an_amount_from_rm1000_to_the_tuition_total(
    amount: Decimal | None,
) -> None:
    uow = unit(application(list(REQUIRED_DOCUMENTS)))
    with pytest.raises(RuleViolated) as refused:
        await applications.decide_application(
            uow, principal=OFFICER, application_id="A-1", approve=True, amount=amount, reason=None
        )
    assert refused.value.violations[0].field == "amount"
    assert uow.committed == []


async def test_an_approval_makes_an_offer_and_says_so() -> None:
    uow = unit(application(list(REQUIRED_DOCUMENTS)))
    decided, loan = await applications.decide_application(
        uow,
        principal=OFFICER,
        application_id="A-1",
        approve=True,
        amount=Decimal("40000.00"),
        reason=None,
    )
    assert decided.status == "approved"
    assert loan is not None
    assert loan.status == "offered"
    assert loan.approved_amount == Decimal("40000.00")
    assert uow.committed == [
        ApplicationApproved(application_id="A-1", loan_id=loan.id, amount=Decimal("40000.00"))
    ]


async def test_a_rejection_without_its_reason_is_refused_and_with_one_is_appealable() -> None:
    uow = unit(application([]))
    with pytest.raises(RuleViolated):
        await applications.decide_application(
            uow, principal=OFFICER, application_id="A-1", approve=False, amount=None, reason=""
        )
    decided, loan = await applications.decide_application(
        uow,
        principal=OFFICER,
        application_id="A-1",
        approve=False,
        amount=None,
        reason="Family able to pay",
    )
    assert (decided.status, loan) == ("rejected", None)
    [event] = uow.committed
    assert isinstance(event, ApplicationRejected)
    assert (event.person_key, event.reason, event.decided_on) == (
        person_key(APPLICANT_IC),
        "Family able to pay",
        date(2025, 8, 20),
    )


@pytest.mark.parametrize("status", [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])
async def test_a_decided_application_cannot_be_decided_again(status: ApplicationStatus) -> None:
    uow = unit(application(list(REQUIRED_DOCUMENTS), status))
    with pytest.raises(Conflict, match=f"already {status.value}"):
        await applications.decide_application(
            uow,
            principal=OFFICER,
            application_id="A-1",
            approve=True,
            amount=Decimal("5000.00"),
            reason=None,
        )


async def test_only_an_officer_decides_and_another_members_application_is_not_found() -> None:
    uow = unit(application(list(REQUIRED_DOCUMENTS)))
    member = Principal(client_id="mobile-app", role=Role.MEMBER, ic="900101145678")
    with pytest.raises(Forbidden, match="may not"):
        await applications.decide_application(
            uow, principal=member, application_id="A-1", approve=True, amount=None, reason=None
        )
    with pytest.raises(NotFound):
        await applications.load(uow, member, "A-1")


def offered_loan(status: LoanStatus) -> Loan:
    return Loan(
        id="L-1",
        application_id="A-1",
        borrower_ic=APPLICANT_IC,
        level="degree",
        approved_amount=Decimal("12000.00"),
        offer_accepted_on=None,
        status=status.value,
        suspended=False,
        disbursed_total=ZERO,
        final_disbursement_month=None,
        repaid_total=ZERO,
        created_at=NOW,
    )


async def test_an_offer_is_accepted_once_and_the_date_fixes_the_charge() -> None:
    uow = unit(offered_loan(LoanStatus.OFFERED))
    record = await loans.accept_offer(
        uow, principal=OFFICER, loan_id="L-1", accepted_on=date(2025, 8, 1)
    )
    assert (record.loan.status, record.loan.offer_accepted_on) == ("accepted", date(2025, 8, 1))
    assert uow.committed == [OfferAccepted(loan_id="L-1", accepted_on=date(2025, 8, 1))]
    with pytest.raises(Conflict, match="already accepted"):
        await loans.accept_offer(
            uow, principal=OFFICER, loan_id="L-1", accepted_on=date(2025, 8, 2)
        )


async def test_a_loan_converted_to_a_scholarship_takes_no_more_guarantors() -> None:
    uow = unit(offered_loan(LoanStatus.SCHOLARSHIP))
    with pytest.raises(Conflict, match="scholarship"):
        await loans.add_guarantor(uow, principal=OFFICER, loan_id="L-1", body=None)  # type: ignore[arg-type]
