"""Support items (reference: "Dialysis Assistance Facilities").

"Subsidized injection of Erythropoietin (EPO)"; "Subsidized purchase of Immunosuppressants for
patients covered by insurance subsequent to their kidney transplant procedure"; "Payment coverage for
Arteriovenous Fistulae (AV Fistulae) procedures".

Limits and prices from services/dialysis/data/rate_card.toml: 12 EPO injections a month at RM45.00
(2025 card; RM40.00 on the 2020 card), one immunosuppressant claim a month up to RM1,500.00, two AV
fistula procedures a year at RM3,500.00 each (2025 card; RM3,000.00 on the 2020 card).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.dialysis.domain.billing import SupportDecision, price_support_item

DAY = date(2025, 3, 10)
EPO_QUOTA = "only 12 EPO injections a month are subsidised"


def _epo(quantity: int, claimed: str, used: int, day: date = DAY) -> SupportDecision:
    return price_support_item(
        kind="epo",
        service_date=day,
        quantity=quantity,
        claimed=Decimal(claimed),
        used_in_period=used,
    )


def test_the_twelfth_epo_injection_of_a_month_is_subsidised() -> None:
    assert _epo(1, "45.00", used=11) == SupportDecision(Decimal("45.00"), None)
    assert _epo(12, "540.00", used=0) == SupportDecision(Decimal("540.00"), None)


def test_an_exhausted_epo_quota_subsidises_nothing() -> None:
    assert _epo(1, "45.00", used=12) == SupportDecision(Decimal("0.00"), EPO_QUOTA)
    assert _epo(2, "90.00", used=13) == SupportDecision(Decimal("0.00"), EPO_QUOTA)


def test_epo_beyond_the_quota_pays_only_the_injections_left() -> None:
    """Ten used, four claimed: two are left at RM45.00."""
    assert _epo(4, "180.00", used=10) == SupportDecision(Decimal("90.00"), EPO_QUOTA)


def test_epo_within_the_quota_is_capped_at_the_rate_card_price_per_injection() -> None:
    assert _epo(2, "100.00", used=0) == SupportDecision(
        Decimal("90.00"), "RM10.00 above the rate card's limit of RM90.00"
    )
    assert _epo(2, "90.00", used=0) == SupportDecision(Decimal("90.00"), None)
    assert _epo(2, "80.00", used=0, day=date(2024, 6, 1)) == SupportDecision(Decimal("80.00"), None)
    assert _epo(2, "81.00", used=0, day=date(2024, 6, 1)).approved == Decimal("80.00")


def _immuno(claimed: str, used: int, transplant: date | None, day: date = DAY) -> SupportDecision:
    return price_support_item(
        kind="immunosuppressant",
        service_date=day,
        quantity=1,
        claimed=Decimal(claimed),
        used_in_period=used,
        transplant_date=transplant,
    )


AFTER_TRANSPLANT = "immunosuppressants are subsidised after a kidney transplant: give its date"


def test_immunosuppressants_need_a_transplant_on_or_before_the_purchase() -> None:
    """ "subsequent to their kidney transplant procedure": a purchase on the transplant's day is
    after the procedure; one before it is not."""
    assert _immuno("100.00", 0, None) == SupportDecision(Decimal("0.00"), AFTER_TRANSPLANT)
    assert _immuno("100.00", 0, date(2025, 3, 11)) == SupportDecision(
        Decimal("0.00"), AFTER_TRANSPLANT
    )
    assert _immuno("100.00", 0, DAY) == SupportDecision(Decimal("100.00"), None)


def test_one_immunosuppressant_claim_a_month() -> None:
    assert _immuno("100.00", 1, date(2024, 5, 1)) == SupportDecision(
        Decimal("0.00"), "one immunosuppressant claim a month"
    )


def test_an_immunosuppressant_claim_is_capped_at_the_monthly_limit() -> None:
    assert _immuno("1600.00", 0, date(2024, 5, 1)) == SupportDecision(
        Decimal("1500.00"), "RM100.00 above the rate card's limit of RM1500.00"
    )
    assert _immuno("1500.00", 0, date(2024, 5, 1)) == SupportDecision(Decimal("1500.00"), None)


def _fistula(quantity: int, claimed: str, used: int, day: date = DAY) -> SupportDecision:
    return price_support_item(
        kind="av_fistula",
        service_date=day,
        quantity=quantity,
        claimed=Decimal(claimed),
        used_in_period=used,
    )


AV_LIMIT = "at most 2 AV fistula procedures a year"


def test_an_av_fistula_claim_for_two_procedures_pays_two() -> None:
    assert _fistula(2, "7000.00", used=0) == SupportDecision(Decimal("7000.00"), None)
    assert _fistula(2, "6000.00", used=0, day=date(2024, 6, 1)) == SupportDecision(
        Decimal("6000.00"), None
    )


def test_av_fistula_procedures_beyond_two_a_year_are_refused_whole() -> None:
    assert _fistula(1, "3500.00", used=1) == SupportDecision(Decimal("3500.00"), None)
    assert _fistula(2, "7000.00", used=1) == SupportDecision(Decimal("0.00"), AV_LIMIT)
    assert _fistula(3, "10500.00", used=0) == SupportDecision(Decimal("0.00"), AV_LIMIT)
    assert _fistula(1, "3500.00", used=2) == SupportDecision(Decimal("0.00"), AV_LIMIT)


def test_an_av_fistula_claim_is_capped_at_the_price_per_procedure() -> None:
    assert _fistula(1, "3600.00", used=0) == SupportDecision(
        Decimal("3500.00"), "RM100.00 above the rate card's limit of RM3500.00"
    )
    assert _fistula(2, "7200.00", used=0) == SupportDecision(
        Decimal("7000.00"), "RM200.00 above the rate card's limit of RM7000.00"
    )


def test_an_unknown_support_item_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown support item 'dialyser'"):
        price_support_item(
            kind="dialyser",
            service_date=DAY,
            quantity=1,
            claimed=Decimal("10.00"),
            used_in_period=0,
        )
