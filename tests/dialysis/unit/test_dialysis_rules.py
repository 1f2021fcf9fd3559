"""Dialysis rules (reference: "Dialysis Centre"), with the rate card in services/dialysis/data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.dialysis.domain.billing import price_sessions, price_support_item
from services.dialysis.domain.centres import MAY_RECEIVE_MACHINES, CentreKind, panel_on
from services.dialysis.domain.rates import card_on
from services.dialysis.domain.reports import monthly_reports
from services.dialysis.domain.treatment import approval_period, check_request
from shared.kernel.errors import RuleCheck

START, END = date(2025, 1, 1), date(2025, 12, 31)


def test_the_rate_card_in_force_on_the_service_day() -> None:
    assert card_on(date(2024, 12, 31)).haemodialysis_session == Decimal("150.00")
    assert card_on(date(2025, 1, 1)).haemodialysis_session == Decimal("160.00")


def test_panel_sessions_are_paid_at_the_rate_card() -> None:
    items = price_sessions(
        dates=[date(2025, 3, 3), date(2025, 3, 5)],
        approved_from=START,
        approved_until=END,
        already_billed=set(),
    )
    assert [i.approved for i in items] == [Decimal("160.00"), Decimal("160.00")]


def test_a_session_is_never_billed_twice() -> None:
    [item] = price_sessions(
        dates=[date(2025, 3, 3)],
        approved_from=START,
        approved_until=END,
        already_billed={date(2025, 3, 3)},
    )
    assert item.approved == Decimal("0.00")
    assert "already billed" in (item.refused_reason or "")


def test_sessions_outside_the_approval_are_refused() -> None:
    [item] = price_sessions(
        dates=[date(2026, 1, 1)], approved_from=START, approved_until=END, already_billed=set()
    )
    assert item.approved == Decimal("0.00")
    assert "outside the approval" in (item.refused_reason or "")


def test_at_most_three_sessions_a_week() -> None:
    week = [date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5), date(2025, 3, 6)]
    items = price_sessions(
        dates=week, approved_from=START, approved_until=END, already_billed=set()
    )
    assert [i.approved > 0 for i in items] == [True, True, True, False]


def test_reimbursements_are_capped_to_the_sen_with_the_reason() -> None:
    """ "PERKESO will reimburse ... at non-PERKESO dialysis panel centre and government hospital subjected to PERKESO's terms"."""
    [item] = price_sessions(
        dates=[date(2025, 3, 3)],
        approved_from=START,
        approved_until=END,
        already_billed=set(),
        claimed=[Decimal("175.55")],
    )
    assert (item.approved, item.refused) == (Decimal("160.00"), Decimal("15.55"))
    assert item.refused_reason == "RM15.55 above the rate card's RM160.00 a session"
    [under] = price_sessions(
        dates=[date(2025, 3, 4)],
        approved_from=START,
        approved_until=END,
        already_billed=set(),
        claimed=[Decimal("159.99")],
    )
    assert (under.approved, under.refused, under.refused_reason) == (
        Decimal("159.99"),
        Decimal("0.00"),
        None,
    )


def test_epo_is_subsidised_up_to_twelve_injections_a_month() -> None:
    decision = price_support_item(
        kind="epo",
        service_date=date(2025, 3, 10),
        quantity=4,
        claimed=Decimal("200.00"),
        used_in_period=10,
    )
    assert decision.approved == Decimal("90.00")  # two injections left at RM45.00
    assert "12 EPO injections" in (decision.refused_reason or "")


def test_immunosuppressants_only_after_a_transplant_once_a_month() -> None:
    """ "Subsidized purchase of Immunosuppressants for patients covered by insurance subsequent to their kidney transplant"."""
    assert (
        price_support_item(
            kind="immunosuppressant",
            service_date=date(2025, 3, 10),
            quantity=1,
            claimed=Decimal("100.00"),
            used_in_period=0,
        ).approved
        == 0
    )
    ok = price_support_item(
        kind="immunosuppressant",
        service_date=date(2025, 3, 10),
        quantity=1,
        claimed=Decimal("1600.00"),
        used_in_period=0,
        transplant_date=date(2024, 5, 1),
    )
    assert ok.approved == Decimal("1500.00")
    again = price_support_item(
        kind="immunosuppressant",
        service_date=date(2025, 3, 20),
        quantity=1,
        claimed=Decimal("100.00"),
        used_in_period=1,
        transplant_date=date(2024, 5, 1),
    )
    assert again.approved == 0


def test_av_fistula_two_procedures_a_year() -> None:
    assert price_support_item(
        kind="av_fistula",
        service_date=date(2025, 3, 10),
        quantity=1,
        claimed=Decimal("3500.00"),
        used_in_period=1,
    ).approved == Decimal("3500.00")
    assert (
        price_support_item(
            kind="av_fistula",
            service_date=date(2025, 3, 10),
            quantity=1,
            claimed=Decimal("3500.00"),
            used_in_period=2,
        ).approved
        == 0
    )


def test_machines_are_donated_to_ngo_centres_only() -> None:
    """ "donating haemodialysis machines for NGO to run their dialysis centres"."""
    assert {CentreKind.NGO} == MAY_RECEIVE_MACHINES


def test_panel_status_has_validity_dates() -> None:
    assert panel_on(CentreKind.PANEL, date(2025, 1, 1), date(2025, 6, 30), date(2025, 6, 30))
    assert not panel_on(CentreKind.PANEL, date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1))
    assert not panel_on(CentreKind.NGO, date(2025, 1, 1), None, date(2025, 7, 1))


@pytest.mark.parametrize(
    ("diagnosis", "insured", "override", "officer", "codes"),
    [
        ("ESRF", True, None, False, []),
        ("CKD", True, None, False, ["diagnosis-not-esrf"]),
        ("ESRF", False, None, False, ["no-contributions-on-record"]),
        ("ESRF", False, "Contributions paid late by employer", True, []),
        ("ESRF", False, "please", False, ["override-by-officer-only"]),
    ],
)
def test_treatment_requests(
    diagnosis: str, insured: bool, override: str | None, officer: bool, codes: list[str]
) -> None:
    check = RuleCheck()
    check_request(
        check, diagnosis=diagnosis, insured=insured, override_reason=override, by_officer=officer
    )
    assert [v.code for v in check.violations] == codes


def test_approval_period_is_twelve_months() -> None:
    assert approval_period(date(2025, 3, 1), 12) == (date(2025, 3, 1), date(2026, 2, 28))


def test_monthly_reports() -> None:
    reports = monthly_reports(
        appointments=[date(2025, 1, 5)],
        decisions=[date(2025, 1, 6), date(2025, 2, 1)],
        bills_paid=[(date(2025, 2, 3), Decimal("480.00"))],
        claims_paid=[],
        donations=[(date(2025, 2, 4), 3)],
        grants=[],
    )
    assert [
        (r.month, r.centres_appointed, r.requests_handled, r.bills_paid, r.machines_donated)
        for r in reports
    ] == [
        ("2025-01", 1, 1, 0, 0),
        ("2025-02", 0, 1, 1, 3),
    ]


def test_an_allowed_appeal_approves_a_claim_with_something_refused_and_nothing_else() -> None:
    from decimal import Decimal

    from services.dialysis.domain.lifecycle import ClaimStatus, claim_reopened_on_appeal

    assert claim_reopened_on_appeal(refused=Decimal("0.01")) is ClaimStatus.APPROVED
    assert claim_reopened_on_appeal(refused=Decimal("0.00")) is None
