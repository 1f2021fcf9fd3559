"""The loan API's request and response models."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from services.loan.domain.eligibility import (
    Accreditation,
    DependantBenefit,
    Level,
    SponsorCondition,
)
from services.loan.domain.guarantors import Relationship, Witness
from services.loan.domain.lifecycle import ApplicationStatus, LoanStatus
from shared.kernel.dates import MONTH_PATTERN, Day, Instant, InstantOut, parse_month
from shared.kernel.i18n import msg
from shared.kernel.ic import ICNumber
from shared.kernel.money import Money
from shared.kernel.schema import RequestModel
from shared.web.four_eyes import ApprovalOut


def _month(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(msg('month must be "YYYY-MM"'))
    year, month = parse_month(value)
    return date(year, month, 1)


Month = Annotated[
    date,
    BeforeValidator(_month),
    WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN, "examples": ["2027-06"]}),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Cgpa = Annotated[Decimal, Field(ge=Decimal("0.00"), le=Decimal("4.00"), decimal_places=2)]


class QuoteIn(RequestModel):
    amount: Money
    offer_accepted_on: Day
    final_disbursement_month: Month


class GuarantorNeedOut(BaseModel):
    required: int
    min_net_monthly_income: Money
    max_age: int
    min_employment_years: int


class QuoteOut(BaseModel):
    tenure_months: int
    first_instalment_due: date
    service_charge_rate: str
    monthly_instalment: Money
    total_payable: Money
    guarantors: GuarantorNeedOut


class SponsorIn(RequestModel):
    ic: ICNumber
    name: Name
    condition: SponsorCondition
    benefit: DependantBenefit


class PreviousLoanIn(RequestModel):
    level: Level
    completed: bool
    cancelled: bool = False
    suspended_for_poor_results: bool = False
    outstanding: Money = Decimal("0.00")


class ApplicationIn(RequestModel):
    applicant_ic: ICNumber
    applicant_name: Name
    sponsor_id: str
    is_sibling_of_insured: bool = False
    married: bool
    level: Level
    institution: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    programme: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    in_malaysia: bool
    full_time: bool
    months_left: int = Field(ge=0, le=120)
    declined_by_other_agency: bool
    tuition_total: Money
    private_institution: bool
    institution_years_operating: int = Field(default=0, ge=0, le=300)
    institution_approved_by_ministry: bool = True
    course_approved_by_ministry: bool = True
    accreditation: Accreditation = Accreditation.NONE
    accreditation_valid_until: Day | None = None
    meets_entry_requirements: bool
    family_unable_to_pay: bool
    previous_loans: list[PreviousLoanIn] = Field(default_factory=list, max_length=10)
    documents: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]{3,40}$")]] = Field(
        default_factory=list, max_length=20
    )


class ApplicationOut(BaseModel):
    id: str
    applicant_ic: str
    sponsor_id: str
    level: Level
    status: ApplicationStatus
    tuition_total: Money
    documents_received: list[str]
    documents_missing: list[str]
    decision_reason: str | None
    loan_id: str | None = None


class DocumentsIn(RequestModel):
    documents: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]{3,40}$")]] = Field(
        min_length=1, max_length=20
    )


class DecisionIn(RequestModel):
    approve: bool
    amount: Money | None = None
    reason: Text | None = None


class AcceptanceIn(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"accepted_on": "2025-08-20"}]})

    accepted_on: Day


class GuarantorIn(RequestModel):
    """Two guarantors up to RM100,000 (net RM1,500 a month each), three above it (RM2,000)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ic": "700512-10-5531",
                    "name": "Ahmad bin Ismail",
                    "malaysian": True,
                    "permanent_employment": True,
                    "years_with_employer": 8,
                    "net_monthly_income": "3200.00",
                    "relationship": "parent",
                    "witness": "community_leader",
                }
            ]
        }
    )

    ic: ICNumber
    name: Name
    malaysian: bool
    self_employed: bool = False
    permanent_employment: bool = False
    years_with_employer: int = Field(default=0, ge=0, le=60)
    net_monthly_income: Money = Decimal("0.00")
    form_b_years: int = Field(default=0, ge=0, le=10)
    annual_income: Money = Decimal("0.00")
    relationship: Relationship = Field(
        description="a parent, sibling or family member; a friend only of more than 5 years"
    )
    known_applicant_years: int = Field(default=0, ge=0, le=100)
    witness: Witness = Field(description="who witnessed the guarantor's signing")


class DisbursementIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "semester": 1,
                    "registration_fee": "500.00",
                    "education_fee": "4500.00",
                    "allowance": "1500.00",
                    "disbursed_on": "2025-08-25",
                }
            ]
        }
    )

    semester: int = Field(ge=1, le=20)
    registration_fee: Money = Decimal("0.00")
    education_fee: Money
    examination_fee: Money = Decimal("0.00")
    lab_fee: Money = Decimal("0.00")
    allowance: Money = Decimal("0.00")
    insurance_premium: Money = Decimal("0.00")
    final: bool = False
    disbursed_on: Day


class ResultIn(RequestModel):
    semester: int = Field(ge=1, le=20)
    cgpa: Cgpa
    final: bool = False


class CounsellingIn(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"attended_on": "2025-08-22", "counsellor": "Puan Rohani binti Yusof"}]
        }
    )

    attended_on: Day
    counsellor: Name


class RepaymentCallbackIn(RequestModel):
    bank_txn_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
    loan_account: Annotated[str, StringConstraints(min_length=1, max_length=36)]
    amount: Money
    paid_at: Instant


class EpfWithdrawalIn(RequestModel):
    epf_reference: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
    amount: Money
    received_at: Instant


class ScholarshipIn(RequestModel):
    final_cgpa: Cgpa
    completed_in_time: bool


class LoanOut(BaseModel):
    id: str
    application_id: str
    borrower_ic: str
    level: Level
    approved_amount: Money
    offer_accepted_on: date | None
    status: LoanStatus
    suspended: bool
    disbursed_total: Money
    final_disbursement_month: date | None
    repaid_total: Money
    guarantors: list[dict[str, str]] = []
    pending_approvals: list[ApprovalOut] = Field(
        default=[], description="officers' requests on this loan awaiting a second officer"
    )


def is_witness(value: str) -> Witness | None:
    try:
        return Witness(value)
    except ValueError:
        return None


class SponsorOut(BaseModel):
    id: str
    condition: SponsorCondition
    benefit: DependantBenefit


class GuarantorOut(BaseModel):
    id: str
    name: str


class DisbursementOut(BaseModel):
    id: str
    semester: int
    tuition_to_institution: Money
    allowance_to_student: Money
    insurance_to_insurer: Money
    final: bool


class ResultOut(BaseModel):
    id: str
    semester: int
    cgpa: str = Field(examples=["2.85"])


class InstalmentOut(BaseModel):
    number: int
    due_on: date
    amount: Money
    principal: Money
    service_charge: Money
    balance_after: Money
    rate: str = Field(description="the service charge rate, % a year", examples=["1.00"])


class ScheduleOut(BaseModel):
    loan_id: str
    method: str
    total_payable: Money
    instalments: list[InstalmentOut]


class StandingOut(BaseModel):
    instalments_due: int
    amount_due: Money
    amount_paid: Money
    arrears: Money
    months_in_arrears: int
    borrower: str
    guarantors: str


class RepaymentOut(BaseModel):
    repayment_id: str
    loan_account: str
    status: str = Field(description="applied, or unmatched (kept for reconciliation)")
    amount: Money
    source: str


class PersonRepaymentOut(BaseModel):
    id: str
    amount: Money
    source: str
    paid_at: InstantOut


class PersonLoansOut(BaseModel):
    """One person's applications, loans and repayments, for the gateway's summary."""

    ic: str
    applications: list[ApplicationOut]
    loans: list[LoanOut]
    repayments: list[PersonRepaymentOut]


class PrepaymentWhatIfIn(RequestModel):
    """A prepayment to price, on a day today or later (Malaysia time)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"prepay": "5000.00", "on": "2025-09-01"}]}
    )

    prepay: Money = Field(description="above 0.00, at most what pays the loan off that day")
    on: Day


class PrepaymentWhatIfOut(BaseModel):
    """The loan after the prepayment: the same instalment, fewer months; nothing is recorded."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "monthly_instalment": "194.95",
                    "months_left": 38,
                    "total_payable": "12224.25",
                    "saved": "447.49",
                }
            ]
        }
    )

    monthly_instalment: Money = Field(description="the next instalment (0.00 if none is left)")
    months_left: int = Field(description="instalments still to come after the day")
    total_payable: Money = Field(
        description="the loan's whole cost: instalments due by the day, the principal paid "
        "early, and the instalments to come"
    )
    saved: Money = Field(description="the service charge no longer charged, against the schedule")
