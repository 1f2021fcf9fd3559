"""Bank payments: each recorded exactly once, matched to its submission, written in group commits.

Banks deliver callbacks in bursts and retry them. Every callback that arrives while a write is in
flight joins the next transaction (shared.persistence.group_commit): one read of the bank transactions already
seen, one locked read of the submissions paid, then the payments, the submission totals and the
outbox rows written together. Inside a batch, payments apply in arrival order, exactly as if each
had its own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from services.contribution import access
from services.contribution.domain.banks import ensure_channel_open
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import SubmissionStatus, submission_after_payment
from services.contribution.domain.matching import UNMATCHED, match_payment
from services.contribution.events import LateInterestAssessed, PaymentReceived
from services.contribution.models import Payment, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import PaymentCallbackIn
from shared.kernel.clock import malaysia_date
from shared.kernel.dates import BANK_CLOCK_LEEWAY, ensure_happened
from shared.kernel.errors import Conflict, NotFound
from shared.kernel.i18n import msg
from shared.kernel.money import format_money
from shared.persistence import ledger
from shared.persistence.group_commit import GroupCommit
from shared.web.auth import Principal
from shared.web.runtime import ServiceRuntime

Answer = dict[str, object]


@dataclass(frozen=True)
class BankPayment:
    """One verified callback, and who sent it (for the event's audit trail)."""

    bank_code: str
    callback: PaymentCallbackIn
    actor: str
    correlation_id: str
    request_hash: str

    @classmethod
    def received(
        cls,
        principal: Principal,
        bank_code: str,
        callback: PaymentCallbackIn,
        *,
        correlation_id: str,
        now: datetime,
    ) -> BankPayment:
        """A callback from the gateway, verified as this bank's (403/404 otherwise), through a
        channel the bank offers (a counter payment at a collection agent's counter only)."""
        access.ensure_signed_callback_of(principal, bank_code)
        ensure_happened({"paid_at": callback.paid_at}, now=now, leeway=BANK_CLOCK_LEEWAY)
        ensure_channel_open(bank_code, callback.channel.value, malaysia_date(callback.paid_at))
        return cls(
            bank_code=bank_code,
            callback=callback,
            actor=principal.client_id,
            correlation_id=correlation_id,
            request_hash=ledger.request_hash(callback),
        )

    @property
    def key(self) -> tuple[str, str]:
        return self.bank_code, self.callback.bank_txn_id


class PaymentRecorder:
    """`await recorder.record(payment)`: the answer for the bank, once its write has committed."""

    def __init__(self, runtime: ServiceRuntime, policy: InterestPolicy) -> None:
        self._runtime = runtime
        self._policy = policy
        self._group: GroupCommit[BankPayment, Answer] = GroupCommit(
            self._write_batch, name="contribution.payments"
        )

    async def record(self, payment: BankPayment) -> Answer:
        return await self._group.submit(payment)

    async def _write_batch(self, batch: Sequence[BankPayment]) -> list[Answer | BaseException]:
        try:
            return await self._write(batch)
        except IntegrityError:
            # Another replica committed this bank transaction between our read and our write.
            # (A batch of several that fails is written again one by one by the group commit.)
            if len(batch) == 1:
                return [await self._answer_committed_elsewhere(batch[0])]
            raise

    def _unit_of_work(self) -> ContributionUnitOfWork:
        uow = self._runtime.unit_of_work(actor="bank-callbacks", correlation_id="group-commit")
        assert isinstance(uow, ContributionUnitOfWork)
        return uow

    async def _answer_committed_elsewhere(self, payment: BankPayment) -> Answer | BaseException:
        """A concurrent delivery of the same bank transaction committed first: answer as it did."""
        async with self._unit_of_work() as uow:
            found = await uow.payments.by_bank_txns([payment.key])
        if not found:
            return Conflict(
                msg(
                    "Bank transaction {bank_txn_id} could not be recorded",
                    bank_txn_id=payment.callback.bank_txn_id,
                )
            )
        return ledger.replay(found[0], payment.request_hash, txn_id=payment.callback.bank_txn_id)

    async def _write(self, batch: Sequence[BankPayment]) -> list[Answer | BaseException]:
        async with self._unit_of_work() as uow:
            seen = {
                (p.bank_code, p.bank_txn_id): p
                for p in await uow.payments.by_bank_txns({payment.key for payment in batch})
            }
            submissions = {
                s.reference: s
                for s in await uow.submissions.by_references_for_update(
                    {payment.callback.reference for payment in batch}
                )
            }
            outcomes: list[Answer | BaseException] = []
            for payment in batch:
                earlier = seen.get(payment.key)
                if earlier is not None:
                    outcomes.append(
                        ledger.replay(
                            earlier, payment.request_hash, txn_id=payment.callback.bank_txn_id
                        )
                    )
                    continue
                recorded, answer = self._apply(
                    uow, payment, payable(submissions.get(payment.callback.reference))
                )
                uow.payments.add(recorded)
                seen[payment.key] = recorded
                outcomes.append(answer)
            await uow.commit()
            return outcomes

    def _apply(
        self, uow: ContributionUnitOfWork, payment: BankPayment, submission: Submission | None
    ) -> tuple[Payment, Answer]:
        """Match one payment to its submission, assess late interest and record its events."""
        callback = payment.callback
        paid_on = malaysia_date(callback.paid_at)
        match = UNMATCHED
        if submission is not None:
            match = match_payment(
                amount=callback.amount,
                account=submission.account,
                due=submission.due_date,
                paid_on=paid_on,
                policy=self._policy,
            )
            submission.amount_paid += callback.amount
            submission.interest_assessed += match.interest
            submission.interest_paid += match.interest_settled
            submission.status = submission_after_payment(
                total=submission.total, paid=submission.account.contributions_paid
            ).value
        payment_id = str(uuid.uuid4())
        answer: Answer = {
            "payment_id": payment_id,
            "reference": callback.reference,
            "status": match.status.value,
            "days_late": match.days_late,
            "late_interest": format_money(match.interest),
            "interest_settled": format_money(match.interest_settled),
            "amount": format_money(callback.amount),
            "explanation": list(match.explanation),
        }
        recorded = Payment(
            payment_id=payment_id,
            bank_code=payment.bank_code,
            bank_txn_id=callback.bank_txn_id,
            request_hash=payment.request_hash,
            reference=callback.reference,
            submission_id=submission.id if submission else None,
            employer_code=submission.employer_code if submission else None,
            amount=callback.amount,
            applied_amount=match.applied,
            paid_at=callback.paid_at,
            channel=callback.channel.value,
            status=match.status.value,
            days_late=match.days_late,
            late_interest=match.interest,
            interest_settled=match.interest_settled,
            received_at=uow.now(),
            response=answer,
        )
        _record_events(uow, payment, recorded, submission, paid_on)
        return recorded, answer


def _record_events(
    uow: ContributionUnitOfWork,
    payment: BankPayment,
    recorded: Payment,
    submission: Submission | None,
    paid_on: date,
) -> None:
    """The payment's event, and the interest assessed on it (an appealable decision), each
    naming the bank's own request."""
    uow.record(
        PaymentReceived(
            payment_id=recorded.payment_id,
            bank_code=recorded.bank_code,
            bank_txn_id=recorded.bank_txn_id,
            reference=recorded.reference,
            employer_code=recorded.employer_code,
            submission_id=recorded.submission_id,
            amount=recorded.amount,
            status=recorded.status,
            channel=recorded.channel,
            paid_at=recorded.paid_at,
            days_late=recorded.days_late,
            late_interest=recorded.late_interest,
        ),
        actor=payment.actor,
        correlation_id=payment.correlation_id,
    )
    if recorded.late_interest > 0 and submission is not None:
        uow.record(
            LateInterestAssessed(
                payment_id=recorded.payment_id,
                employer_code=submission.employer_code,
                reference=submission.reference,
                amount=recorded.late_interest,
                days_late=recorded.days_late,
                decided_on=paid_on,
                reason=(
                    f"late-payment interest of RM{recorded.late_interest} "
                    f"for {recorded.days_late} days late"
                ),
            ),
            actor=payment.actor,
            correlation_id=payment.correlation_id,
        )


@dataclass(frozen=True)
class Received:
    newest: Sequence[Payment]
    count: int
    total: Decimal


async def payments_received_since(
    uow: ContributionUnitOfWork, *, principal: Principal, since: datetime, newest: int = 100
) -> Received:
    """How many payments arrived since an instant and their sum (all of them, counted by the
    database: a day before the 15th brings hundreds of thousands), and the newest few."""
    access.ensure_staff(principal)
    count, total = await uow.payments.received_total(since)
    return Received(await uow.payments.received_since(since, newest), count, total)


async def payment_for_history(
    uow: ContributionUnitOfWork, *, principal: Principal, payment_id: str
) -> Payment:
    """A payment whose history the caller may read: officers and dashboards any; an employer
    one matched to it (anything else: 404, as if it did not exist)."""
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise NotFound(msg("Payment {payment_id} not found", payment_id=payment_id))
    if payment.employer_code is None:
        access.ensure_staff(principal)
    else:
        access.ensure_may_act_for_employer(principal, payment.employer_code, write=False)
    return payment


def payable(submission: Submission | None) -> Submission | None:
    """A voided submission takes no money: a payment quoting it is kept unmatched."""
    if submission is None or submission.status == SubmissionStatus.VOIDED.value:
        return None
    return submission
