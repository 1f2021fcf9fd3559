"""Centres, treatment requests and the lives of bills and claims (reference: "Dialysis Centre").

"To manage the appointment of dialysis centres"; "To manage the requests for dialysis treatment";
"To manage bill payments for dialysis treatments provided".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.dialysis.domain.centres import (
    BILLED_BY_CENTRE,
    REIMBURSED_TO_PATIENT,
    CentreKind,
    bills_on,
    panel_on,
)
from services.dialysis.domain.lifecycle import (
    BillStatus,
    ClaimStatus,
    bill_approved,
    bill_paid,
    claim_paid,
    claim_priced,
)
from services.dialysis.domain.rates import card_on
from services.dialysis.domain.reports import MonthReport, month_of, monthly_reports
from services.dialysis.domain.treatment import (
    TreatmentStatus,
    add_months,
    approval_period,
    check_request,
    treatment_decided,
)
from shared.kernel.errors import Conflict, RuleCheck, Violation

FROM, UNTIL = date(2025, 1, 1), date(2025, 6, 30)


def test_a_panel_appointment_is_valid_from_its_first_to_its_last_day() -> None:
    assert not panel_on(CentreKind.PANEL, FROM, UNTIL, date(2024, 12, 31))
    assert panel_on(CentreKind.PANEL, FROM, UNTIL, FROM)
    assert panel_on(CentreKind.PANEL, FROM, UNTIL, UNTIL)
    assert not panel_on(CentreKind.PANEL, FROM, UNTIL, date(2025, 7, 1))


def test_a_panel_appointment_without_an_end_stays_valid() -> None:
    assert panel_on(CentreKind.PANEL, FROM, None, date(2030, 1, 1))
    assert not panel_on(CentreKind.PANEL, None, None, date(2030, 1, 1))


@pytest.mark.parametrize(
    "kind", [CentreKind.NGO, CentreKind.NON_PANEL_PRIVATE, CentreKind.GOVERNMENT_HOSPITAL]
)
def test_only_a_panel_centre_is_ever_a_panel_centre(kind: CentreKind) -> None:
    assert not panel_on(kind, FROM, UNTIL, FROM)


def test_an_ngo_centre_bills_perkeso_for_the_free_treatment_it_gives() -> None:
    """ "This treatment is provided free of charge at any PERKESO dialysis panel centres, government
    hospital or centres run by either NGOs": an NGO centre needs no panel appointment."""
    assert bills_on(CentreKind.NGO, None, None, date(2025, 7, 8))
    assert bills_on(CentreKind.NGO, FROM, UNTIL, date(2025, 7, 8))
    assert {CentreKind.PANEL, CentreKind.NGO} == BILLED_BY_CENTRE


def test_a_panel_centre_bills_only_within_its_appointment() -> None:
    assert bills_on(CentreKind.PANEL, FROM, UNTIL, FROM)
    assert bills_on(CentreKind.PANEL, FROM, UNTIL, UNTIL)
    assert not bills_on(CentreKind.PANEL, FROM, UNTIL, date(2025, 7, 1))
    assert not bills_on(CentreKind.PANEL, None, None, FROM)


@pytest.mark.parametrize("kind", [CentreKind.NON_PANEL_PRIVATE, CentreKind.GOVERNMENT_HOSPITAL])
def test_non_panel_and_government_hospital_patients_are_reimbursed_not_billed_for(
    kind: CentreKind,
) -> None:
    """ "PERKESO will reimburse Insured Person that undergo haemodialysis treatment at non-PERKESO
    dialysis panel centre and government hospital"."""
    assert not bills_on(kind, FROM, UNTIL, FROM)
    assert kind in REIMBURSED_TO_PATIENT


ESRF_ONLY = Violation(
    message="treatment is for End Stage Renal Failure (ESRF) only",
    field="diagnosis",
    code="diagnosis-not-esrf",
)
NOT_INSURED = Violation(
    message="no contributions are on record for this person: an officer may override with a recorded reason",
    field="ic",
    code="no-contributions-on-record",
)
OFFICER_ONLY = Violation(
    message="only an officer may override the insured-status check",
    field="override_reason",
    code="override-by-officer-only",
)


@pytest.mark.parametrize(
    ("diagnosis", "insured", "override", "officer", "violations"),
    [
        (" esrf ", True, None, False, []),
        ("CKD", True, None, False, [ESRF_ONLY]),
        ("ESRF", False, None, False, [NOT_INSURED]),
        ("ESRF", False, None, True, [NOT_INSURED]),
        ("ESRF", False, "Contributions paid late by the employer", True, []),
        ("ESRF", False, "please", False, [OFFICER_ONLY]),
        ("ESRF", True, "please", False, [OFFICER_ONLY]),
        ("CKD", False, None, False, [ESRF_ONLY, NOT_INSURED]),
        ("CKD", False, "please", False, [ESRF_ONLY, OFFICER_ONLY]),
    ],
)
def test_a_treatment_request_is_for_an_insured_person_with_esrf(
    diagnosis: str,
    insured: bool,
    override: str | None,
    officer: bool,
    violations: list[Violation],
) -> None:
    """ "...support for qualified Insured Person, who suffers from chronic renal disease "End Stage
    Renal Failure" (ESRF)"; every failed rule is reported at once."""
    check = RuleCheck()
    check_request(
        check, diagnosis=diagnosis, insured=insured, override_reason=override, by_officer=officer
    )
    assert check.violations == violations


def test_a_treatment_request_is_decided_once() -> None:
    assert treatment_decided(TreatmentStatus.REQUESTED, approve=True) is TreatmentStatus.APPROVED
    assert treatment_decided(TreatmentStatus.REQUESTED, approve=False) is TreatmentStatus.REFUSED
    for decided in (TreatmentStatus.APPROVED, TreatmentStatus.REFUSED, TreatmentStatus.ENDED):
        with pytest.raises(Conflict) as refused:
            treatment_decided(decided, approve=True)
        assert refused.value.detail == f"The treatment is already {decided.value}"


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no 31 February: the month's last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 5, 31), 1, date(2025, 6, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 3, 15), 12, date(2026, 3, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


def test_an_approval_covers_twelve_months_to_the_day_before_the_same_date() -> None:
    assert approval_period(date(2025, 3, 15), 12) == (date(2025, 3, 15), date(2026, 3, 14))
    assert approval_period(date(2025, 1, 1), 12) == (date(2025, 1, 1), date(2025, 12, 31))


def test_a_bill_is_submitted_approved_then_paid() -> None:
    assert bill_approved(BillStatus.SUBMITTED) is BillStatus.APPROVED
    assert bill_paid(BillStatus.APPROVED) is BillStatus.PAID


@pytest.mark.parametrize("status", [BillStatus.APPROVED, BillStatus.PAID])
def test_a_bill_is_approved_once(status: BillStatus) -> None:
    with pytest.raises(Conflict) as refused:
        bill_approved(status)
    assert refused.value.detail == f"The bill is already {status.value}"


@pytest.mark.parametrize("status", [BillStatus.SUBMITTED, BillStatus.PAID])
def test_only_an_approved_bill_is_paid(status: BillStatus) -> None:
    with pytest.raises(Conflict) as refused:
        bill_paid(status)
    assert refused.value.detail == f"Only an approved bill is paid; this one is {status.value}"


def test_a_claim_with_anything_approved_is_approved_else_refused() -> None:
    assert claim_priced(True) is ClaimStatus.APPROVED
    assert claim_priced(False) is ClaimStatus.REFUSED


def test_only_an_approved_claim_is_paid() -> None:
    assert claim_paid(ClaimStatus.APPROVED) is ClaimStatus.PAID
    for status in (ClaimStatus.REFUSED, ClaimStatus.PAID):
        with pytest.raises(Conflict) as refused:
            claim_paid(status)
        assert refused.value.detail == f"Only an approved claim is paid; this one is {status.value}"


def test_each_rate_card_applies_from_its_first_day() -> None:
    """rate_card.toml: a card "applies to services given on or after its `from` date"."""
    assert card_on(date(2020, 1, 1)).effective_from == date(2020, 1, 1)
    old = card_on(date(2024, 12, 31))
    assert (old.haemodialysis_session, old.capd_month, old.av_fistula_procedure) == (
        Decimal("150.00"),
        Decimal("2500.00"),
        Decimal("3000.00"),
    )
    new = card_on(date(2025, 1, 1))
    assert (new.effective_from, new.haemodialysis_session, new.capd_month) == (
        date(2025, 1, 1),
        Decimal("160.00"),
        Decimal("2600.00"),
    )


def test_no_rate_card_before_the_first() -> None:
    with pytest.raises(ValueError, match="no rate card covers 2019-12-31"):
        card_on(date(2019, 12, 31))


def test_monthly_reports_count_and_sum_each_objective_per_month_in_order() -> None:
    """ "To manage the appointment of dialysis centres ... the requests for dialysis treatment ...
    bill payments ... payments for other dialysis related expenses ... donations of dialysis
    machines ..."; "Financial grant to centres in need"."""
    reports = monthly_reports(
        appointments=[date(2025, 2, 3), date(2025, 1, 5), date(2025, 1, 20)],
        decisions=[date(2025, 1, 6), date(2025, 1, 7), date(2025, 2, 1)],
        bills_paid=[
            (date(2025, 2, 3), Decimal("480.00")),
            (date(2025, 2, 10), Decimal("160.00")),
        ],
        claims_paid=[
            (date(2025, 3, 4), Decimal("150.50")),
            (date(2025, 3, 5), Decimal("20.25")),
        ],
        donations=[(date(2025, 3, 4), 3), (date(2025, 3, 28), 2)],
        grants=[date(2025, 3, 1), date(2025, 3, 31)],
    )
    assert reports == [
        MonthReport(month="2025-01", centres_appointed=2, requests_handled=2),
        MonthReport(
            month="2025-02",
            centres_appointed=1,
            requests_handled=1,
            bills_paid=2,
            bills_paid_amount=Decimal("640.00"),
        ),
        MonthReport(
            month="2025-03",
            claims_paid=2,
            claims_paid_amount=Decimal("170.75"),
            donations_made=2,
            machines_donated=5,
            grants_made=2,
        ),
    ]


def test_a_month_with_nothing_done_is_left_out() -> None:
    assert (
        monthly_reports(
            appointments=[],
            decisions=[],
            bills_paid=[],
            claims_paid=[],
            donations=[],
            grants=[],
        )
        == []
    )
    assert month_of(date(987, 3, 4)) == "0987-03"
