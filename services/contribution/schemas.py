"""The contribution API's request and response models (never ORM classes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from services.contribution.domain.banks import Channel
from services.contribution.domain.calculator import Category
from services.contribution.domain.coverage import EmploymentType, Nationality
from services.contribution.domain.disputes import DisputeStatus
from services.contribution.domain.employer_codes import EMPLOYER_CODE
from services.contribution.domain.lifecycle import PaymentStatus, SubmissionStatus
from shared.kernel.dates import MONTH_PATTERN, Day, Instant, InstantOut, parse_month
from shared.kernel.i18n import msg
from shared.kernel.ic import ICNumber
from shared.kernel.money import Money
from shared.kernel.person_id import IdKind, PersonIdNumber, SocsoNumber
from shared.kernel.schema import RequestModel
from shared.kernel.states import State
from shared.web.four_eyes import ApprovalOut, Reason


def _valid_month(value: str) -> str:
    year, _ = parse_month(value)
    if year < 1971:
        raise ValueError(msg("month is before the scheme began"))
    return value


Month = Annotated[
    str,
    AfterValidator(_valid_month),
    Field(examples=["2025-07"], pattern=MONTH_PATTERN),
]
EmployerCode = Annotated[
    str,
    StringConstraints(pattern=rf"^{EMPLOYER_CODE}$", strip_whitespace=True),
    Field(examples=["E1000001"], description="4 to 12 capital letters or digits"),
]
PersonName = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]


class CalculateIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"wage": "3450.00", "category": "first", "eis": True}]}
    )

    wage: Money = Field(
        description="the month's wages: contributions follow the schedule's band, and stop at the"
        " wage ceiling in force for the month (RM6,000 from October 2024, RM5,000 before)"
    )
    category: Category
    eis: bool = True
    month: Month | None = None
    skbbk_opt_out: bool = Field(
        default=False, description="Malaysians and permanent residents may opt out of SKBBK"
    )


class BandOut(BaseModel):
    above: Money
    up_to: Money | None


class SplitOut(BaseModel):
    employer: Money
    employee: Money
    total: Money


class CalculateOut(BaseModel):
    wage: Money
    month: str
    band: BandOut
    ceiling: Money
    socso: SplitOut
    eis: SplitOut | None
    skbbk_employee: Money | None
    explanation: list[str] | None = None


class PlanOut(BaseModel):
    plan: int
    insured_monthly_earning: Money
    monthly_contribution: Money
    annual_contribution: Money


class EmployerIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"employer_code": "E1000001", "name": "Syarikat Maju Jaya Sdn Bhd", "state": "SGR"}
            ]
        }
    )

    employer_code: EmployerCode
    name: PersonName
    state: State = Field(
        default=State.KUL,
        description="State or federal territory: its weekly rest days and holidays move the"
        " due date (the 15th of the next month) to the next working day",
    )
    mycoid: Annotated[str, StringConstraints(max_length=20)] | None = None


class EmployerOut(BaseModel):
    employer_code: str
    name: str
    state: State
    mycoid: str | None
    registered_at: InstantOut
    address: str | None = None


class EmployerPatchIn(RequestModel):
    """What an officer may change of an employer: name, state (its due dates follow the state's
    rest days), address. At least one."""

    name: PersonName | None = None
    state: State | None = None
    address: (
        Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
        | None
    ) = None


class EmployeeIn(RequestModel):
    ic: PersonIdNumber = Field(description="a MyKad, or a foreign worker's SOCSO number")
    name: PersonName
    started_on: Day
    nationality: Nationality | None = Field(
        default=None, description="omitted: foreign for a SOCSO number, else malaysian"
    )


class TerminationIn(RequestModel):
    ended_on: Day
    reason: Reason


class EmployeeOut(BaseModel):
    ic: str = Field(description="the ID number: a MyKad, or a foreign worker's SOCSO number")
    id_kind: IdKind = Field(description="a MyKad, or a foreign worker's SOCSO number")
    name: str
    nationality: Nationality
    started_on: date
    ended_on: date | None
    end_reason: str | None


class SubmissionLineIn(RequestModel):
    """One employee's month. A person is named by exactly one of `ic` (a MyKad) and
    `socso_number` (a foreign worker's, who has no MyKad: the text file's field 3)."""

    ic: ICNumber | None = None
    socso_number: SocsoNumber | None = Field(
        default=None, description="a foreign worker's SOCSO number, instead of `ic`"
    )
    name: PersonName
    wage: Money
    nationality: Nationality | None = Field(
        default=None,
        description="omitted: as a submission last stated it for this person, else malaysian",
    )
    employment_type: EmploymentType = EmploymentType.REGULAR
    skbbk_opt_out: bool = False
    category: Category | None = Field(default=None, description="Officer override only")
    eis: bool | None = Field(default=None, description="Officer override only")

    @property
    def person_id(self) -> str:
        """The one identifier the line gives (pricing refuses a line with none or two)."""
        return self.ic or self.socso_number or ""

    @property
    def ids_given(self) -> int:
        return (self.ic is not None) + (self.socso_number is not None)


class SubmissionIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "month": "2025-07",
                    "lines": [
                        {
                            "ic": "900101-14-5678",
                            "name": "Siti Aminah binti Abdullah",
                            "wage": "3450.00",
                        },
                        {
                            "socso_number": "F90012345678",
                            "name": "Rahim Uddin",
                            "wage": "1700.00",
                            "nationality": "foreign",
                        },
                    ],
                }
            ]
        }
    )

    month: Month = Field(description="due by the 15th of the next month (the next working day)")
    lines: list[SubmissionLineIn] = Field(min_length=1, max_length=50_000)


class TotalsOut(BaseModel):
    socso_employer: Money
    socso_employee: Money
    eis_employer: Money
    eis_employee: Money
    skbbk_employee: Money
    total: Money


class SubmissionLineOut(BaseModel):
    line_no: int
    ic: str | None = Field(description="the MyKad; null for a foreign worker named by SOCSO number")
    socso_number: str | None = None
    name: str
    wage: Money
    nationality: Nationality
    category: Category
    eis: bool
    skbbk: bool
    overridden: bool
    socso: SplitOut
    eis_amounts: SplitOut | None
    skbbk_employee: Money
    total: Money
    reasons: list[str]


class LineWarningOut(BaseModel):
    """Something about a line worth a look; it never refuses the submission. `wage-jump`: more
    than three times, or less than a third of, the person's wage at this employer the month
    before. `several-employers`: another employer declares a wage for the person this month
    (named by code; its wage is not shown)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "line": 3,
                    "ic": "900101145678",
                    "socso_number": None,
                    "code": "wage-jump",
                    "message": "the wage RM9000.00 is more than three times RM2000.00, "
                    "this employer's wage for the person in 2025-06",
                },
                {
                    "line": 7,
                    "ic": "880512105531",
                    "socso_number": None,
                    "code": "several-employers",
                    "message": "the person also has a wage for 2025-07 from employer E2000002",
                },
            ]
        }
    )

    line: int = Field(
        description="the line's `line_no`; in a text-file job's report, the file's line"
    )
    ic: str | None = Field(description="the MyKad; null for a foreign worker named by SOCSO number")
    socso_number: str | None = None
    code: str = Field(examples=["wage-jump", "several-employers"])
    message: str


class SubmissionOut(BaseModel):
    submission_id: str
    reference: str
    version: int = Field(default=1, description="1 as accepted; each amendment adds one")
    employer_code: str
    month: str
    due_date: date
    status: SubmissionStatus
    totals: TotalsOut
    amount_paid: Money
    outstanding: Money
    interest_owed: Money = Field(
        default=Decimal("0"), description="late-payment interest assessed and not yet paid"
    )
    lines: list[SubmissionLineOut]
    warnings: list[LineWarningOut] = Field(
        default_factory=list,
        description="what the submission was accepted with but is worth a look, in line order",
    )


BankTxnId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


class CallbackKind(StrEnum):
    PAYMENT = "payment"
    REVERSAL = "reversal"  # a returned direct debit, a chargeback: undoes the original


class PaymentCallbackIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "bank_txn_id": "MBB-20250814-000123",
                    "reference": "E1000001-202507-01-8",
                    "amount": "91.40",
                    "paid_at": "2025-08-14T10:00:00+08:00",
                    "channel": "FPX",
                }
            ]
        }
    )

    bank_txn_id: BankTxnId
    reference: Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
    amount: Money
    paid_at: Instant
    channel: Channel
    kind: CallbackKind = CallbackKind.PAYMENT
    original_bank_txn_id: BankTxnId | None = Field(
        default=None, description="a reversal: the bank transaction it undoes (required then)"
    )

    @model_validator(mode="after")
    def _reversal_names_its_original(self) -> PaymentCallbackIn:
        if (self.kind is CallbackKind.REVERSAL) != (self.original_bank_txn_id is not None):
            raise ValueError(msg("original_bank_txn_id is given with kind reversal, and only then"))
        return self


class PaymentOut(BaseModel):
    payment_id: str
    reference: str
    status: PaymentStatus
    days_late: int
    late_interest: Money = Field(
        description="6% a year for each day late on the amount unpaid, at least RM5 for each"
        " month or part of a month of delay (reg. 33, General Regulations 1971)"
    )
    interest_settled: Money = Field(
        default=Decimal("0"),
        description="the part of this payment that settled late-payment interest owed",
    )
    amount: Money
    explanation: list[str] | None = None


class StatementSubmissionOut(BaseModel):
    reference: str
    month: str
    due_date: date
    total: Money
    paid: Money
    outstanding: Money
    credit: Money = Field(
        description="paid beyond the total and the interest owed: the employer's credit"
    )
    status: SubmissionStatus
    late_interest_assessed: Money
    interest_paid: Money
    interest_owed: Money = Field(description="late-payment interest assessed and not yet paid")
    interest_disputed: Money = Field(
        default=Decimal("0"),
        description="unpaid interest under appeal: frozen, not asked for until the Board decides",
    )
    interest_cancelled: Money = Field(
        default=Decimal("0"), description="interest the Appellate Board cancelled on appeal"
    )
    days_overdue: int
    interest_accruing: Money


class StatementPaymentOut(BaseModel):
    payment_id: str
    bank_code: str
    bank_txn_id: str
    reference: str
    amount: Money
    paid_at: InstantOut
    channel: Channel
    status: PaymentStatus
    days_late: int
    late_interest: Money
    interest_settled: Money
    interest_status: DisputeStatus | None = Field(
        default=None, description="the late interest assessed on this payment, under appeal"
    )


class StatementTotalsOut(BaseModel):
    """contributions + late_interest_assessed + credit_balance + refunded = paid + outstanding
    + interest_owed + interest_disputed + interest_waived + interest_cancelled: every sen
    received is here (`paid` is the money on the employer's
    submissions, allocations to them included and allocations away from them not)."""

    contributions: Money
    paid: Money
    outstanding: Money
    credit_balance: Money
    late_interest_assessed: Money
    interest_paid: Money
    interest_owed: Money
    amount_due: Money = Field(description="outstanding + interest_owed: what is to pay now")
    interest_accruing: Money
    refunded: Money = Field(default=Decimal("0"), description="credit paid back to the employer")
    interest_waived: Money = Field(
        default=Decimal("0"), description="late-payment interest officers waived"
    )
    interest_disputed: Money = Field(
        default=Decimal("0"), description="unpaid interest under appeal (frozen)"
    )
    interest_cancelled: Money = Field(
        default=Decimal("0"), description="interest the Appellate Board cancelled on appeal"
    )


class StatementOut(BaseModel):
    employer_code: str
    name: str
    as_of: date
    submissions: list[StatementSubmissionOut]
    payments: list[StatementPaymentOut]
    unmatched_payments: list[StatementPaymentOut] = Field(
        description="payments quoting one of the employer's references (or its code) that "
        "matched no submission, for reconciliation: the oldest 500"
    )
    unmatched_count: int = Field(
        default=0, description="how many such payments there are, however many are listed"
    )
    unmatched_amount: Money = Field(default=Decimal("0"), description="their sum")
    totals: StatementTotalsOut


class BankOut(BaseModel):
    code: str
    name: str
    channels: list[str]


class InsuredContributionsOut(BaseModel):
    ic: str
    name: str | None
    first_contribution_month: str | None
    months: list[dict[str, Any]]
    self_employed: dict[str, Any] | None
    housewife: dict[str, Any] | None


class SelfEmployedIn(RequestModel):
    ic: ICNumber
    name: PersonName
    sector: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    plan: int = Field(ge=1, le=4)


class HousewifeIn(RequestModel):
    ic: ICNumber
    name: PersonName
    spouse_ic: ICNumber | None = None


class SchemePaymentIn(RequestModel):
    amount: Money
    paid_at: Instant


class SchemePaymentOut(BaseModel):
    payment_id: str
    scheme: str
    ic: str
    amount: Money
    covers_from: date
    covers_until: date


class TextfileJobOut(BaseModel):
    """A text-file job: how far it is, and its report once the file has been checked."""

    job_id: str
    status: str = Field(description="queued, running, validated, done or rejected")
    lines_total: int | None
    lines_done: int
    format: str
    mode: str
    report: dict[str, Any] | None = Field(
        default=None,
        description="lines, accepted, rejected (each line, field, reason; code where named, "
        "e.g. implausible-age); once accepted, the reference, totals and warnings (as "
        "LineWarningOut, `line` being the file's line)",
    )


class OverdueSubmissionOut(BaseModel):
    reference: str
    employer_code: str
    month: str
    due_date: date
    outstanding: Money
    days_overdue: int
    interest_accruing: Money


class OverdueOut(BaseModel):
    """A page of the arrears, oldest due first (`?cursor=` for the next); `count` and
    `outstanding` are of every submission in arrears, not only this page's."""

    as_of: date
    count: int
    outstanding: Money
    items: list[OverdueSubmissionOut]
    next_cursor: str | None


class ReceivedPaymentOut(BaseModel):
    payment_id: str
    bank_code: str
    reference: str
    amount: Money
    status: PaymentStatus
    received_at: InstantOut


class PaymentsReceivedOut(BaseModel):
    since: date
    count: int = Field(description="every payment received since the day")
    total: Money = Field(description="their sum")
    payments: list[ReceivedPaymentOut] = Field(description="the newest 100 of them")


class SelfEmployedRegistrationOut(BaseModel):
    ic: str
    plan: int
    sector: str


class HousewifeRegistrationOut(BaseModel):
    ic: str
    spouse_ic: str | None


class AllocationIn(RequestModel):
    """Money of a payment (all of an unmatched one, or an overpayment's excess) applied to a
    submission: never more than is left of the payment."""

    reference: Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
    amount: Money
    reason: Reason


class AllocationOut(BaseModel):
    allocation_id: str
    payment_id: str
    reference: str
    amount: Money
    applied: Money = Field(description="what met the submission's contributions outstanding")
    late_interest: Money = Field(description="assessed on the part that met them late")
    interest_settled: Money
    payment_status: PaymentStatus
    left_to_allocate: Money = Field(description="what is still left of the payment after this")


class RefundIn(RequestModel):
    """An employer's credit paid back: never more than the credit."""

    amount: Money
    reason: Reason


class RefundOut(BaseModel):
    refund_id: str
    employer_code: str
    amount: Money
    drawn: list[dict[str, str]] = Field(description="[{reference, amount}]: the credit it used")
    credit_balance: Money = Field(description="the employer's credit after the refund")


class QueuedPaymentOut(BaseModel):
    """A payment in the reconciliation queue, with where its money is."""

    payment_id: str
    bank_code: str
    bank_txn_id: str
    reference: str
    employer_code: str | None
    status: PaymentStatus
    amount: Money
    applied: Money
    interest_settled: Money
    allocated: Money
    left_to_allocate: Money
    paid_at: InstantOut
    received_at: InstantOut
    pending_approvals: list[ApprovalOut] = Field(
        default=[], description="allocations of this payment awaiting a second officer"
    )


class WageChangeIn(RequestModel):
    ic: PersonIdNumber = Field(description="the line's MyKad or SOCSO number")
    wage: Money


class AmendmentIn(RequestModel):
    """A correction of a submission: lines added, removed (by ID number) and wages changed."""

    add: list[SubmissionLineIn] = Field(default=[], max_length=50_000)
    remove: list[PersonIdNumber] = Field(default=[], max_length=50_000)
    change: list[WageChangeIn] = Field(default=[], max_length=50_000)
    reason: Reason


class VoidIn(RequestModel):
    reason: Reason


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


class CollectionRowOut(BaseModel):
    day: date
    bank_code: str
    payments: int
    amount: Money


class ArrearsBandOut(BaseModel):
    band: str = Field(description="days past the due date: 0-30, 31-60, 61-90, over 90")
    employers: int
    submissions: int
    outstanding: Money


class ArrearsTotalsOut(BaseModel):
    """Every employer's arrears summed by days past due; the per-employer report pages them."""

    as_of: date
    employers: int = Field(description="employers with a submission in arrears")
    outstanding: Money
    bands: list[ArrearsBandOut]


class ArrearsRowOut(BaseModel):
    employer_code: str
    days_0_30: Money
    days_31_60: Money
    days_61_90: Money
    over_90: Money
    total: Money
    interest_accruing: Money


class UnmatchedBandOut(BaseModel):
    band: str = Field(description="days since the money arrived: 0-30, 31-60, 61-90, over 90")
    payments: int
    amount: Money


class SubmissionSummaryOut(BaseModel):
    """A submission in a list: its money, without its lines."""

    submission_id: str
    reference: str
    employer_code: str
    month: str
    version: int
    status: SubmissionStatus
    due_date: date
    total: Money
    amount_paid: Money
    outstanding: Money
    credit: Money


class WaiverIn(RequestModel):
    """Late-payment interest waived (four eyes): never more than the interest owed."""

    amount: Money
    reason: Reason


class WaiverOut(BaseModel):
    reference: str
    waived: Money
    interest_owed: Money = Field(description="what is still owed of the interest after this")


class WhatIfIn(RequestModel):
    """A day to price paying on: today or later (Malaysia time)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"pay_on": "2025-09-20"}]})

    pay_on: Day


class WhatIfOut(BaseModel):
    """What paying the submission on that day would take; nothing is recorded."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "days_late": 36,
                    "late_interest": "10.00",
                    "total": "1244.50",
                    "explanation": [
                        "outstanding contributions: RM1234.50",
                        "due 2025-08-15, paid 2025-09-20: 36 day(s) late",
                        "RM1234.50 x 0.06 x 36 / 365 = RM7.3055",
                        "rounded up to the next RM5.00: RM10.00",
                        "minimum RM5.00 for each of 2 month(s) or part: RM10.00",
                        "late interest: RM10.00",
                        "late-payment interest already assessed and still owed: RM0.00",
                        "paid on 2025-09-20: RM1234.50 + RM0.00 + RM10.00 = RM1244.50",
                    ],
                }
            ]
        }
    )

    days_late: int = Field(description="days after the due date (0 by the due date)")
    late_interest: Money = Field(
        description="the interest this payment would be charged; once paid, what was charged"
    )
    total: Money = Field(
        description="what paying that day takes: outstanding + interest owed + this interest"
    )
    explanation: list[str]
