"""Pricing haemodialysis sessions and months of CAPD (reference: "Dialysis Centre").

"PERKESO has provided haemodialysis facilities and support for qualified Insured Person ... This
treatment is provided free of charge at any PERKESO dialysis panel centres, government hospital or
centres run by either NGOs or private dialysis centres." "The alternative treatment for dialysis that
is Continuous Ambulatory Peritoneal Dialysis (CAPD) can be considered."

Figures come from services/dialysis/data/rate_card.toml: the 2025 card pays RM160.00 a session and
RM2,600.00 a month of CAPD, the 2020 card RM150.00 and RM2,500.00; at most 3 sessions a week.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.dialysis.domain.billing import (
    PricedItem,
    Refusal,
    price_capd_months,
    price_sessions,
    price_treatment,
)

ZERO = Decimal("0.00")
SESSION_2025 = Decimal("160.00")
CAPD_2025 = Decimal("2600.00")
# 15 March 2025 for twelve months: the approval's last day is 14 March 2026.
FIRST, LAST = date(2025, 3, 15), date(2026, 3, 14)
OUTSIDE = "is outside the approval (2025-03-15 to 2026-03-14)"


def _sessions(dates: list[date], billed: set[date] | None = None) -> list[PricedItem]:
    return price_sessions(
        dates=dates, approved_from=FIRST, approved_until=LAST, already_billed=billed or set()
    )


def _paid(day: date, amount: Decimal = SESSION_2025) -> PricedItem:
    return PricedItem(day, amount, amount, None, None)


def test_sessions_on_the_first_and_last_approved_day_are_paid_a_day_outside_is_not() -> None:
    items = _sessions([date(2025, 3, 14), FIRST, LAST, date(2026, 3, 15)])
    assert items == [
        PricedItem(
            date(2025, 3, 14),
            SESSION_2025,
            ZERO,
            f"2025-03-14 {OUTSIDE}",
            Refusal.OUTSIDE_APPROVAL,
        ),
        _paid(FIRST),
        _paid(LAST),
        PricedItem(
            date(2026, 3, 15),
            SESSION_2025,
            ZERO,
            f"2026-03-15 {OUTSIDE}",
            Refusal.OUTSIDE_APPROVAL,
        ),
    ]


def test_the_same_date_twice_in_one_claim_is_paid_once() -> None:
    first, second = _sessions([date(2025, 4, 7), date(2025, 4, 7)])
    assert first == _paid(date(2025, 4, 7))
    assert second == PricedItem(
        date(2025, 4, 7),
        SESSION_2025,
        ZERO,
        "the session of 2025-04-07 was already billed",
        Refusal.ALREADY_BILLED,
    )


def test_a_session_billed_on_an_earlier_bill_is_refused_with_its_reason() -> None:
    [item] = _sessions([date(2025, 4, 7)], billed={date(2025, 4, 7)})
    assert item == PricedItem(
        date(2025, 4, 7),
        SESSION_2025,
        ZERO,
        "the session of 2025-04-07 was already billed",
        Refusal.ALREADY_BILLED,
    )


def test_sessions_billed_earlier_count_toward_the_weekly_cap() -> None:
    """Monday 7 and Wednesday 9 April 2025 were billed before: Friday 11th is the week's third
    session, Saturday 12th a fourth."""
    friday, saturday = _sessions(
        [date(2025, 4, 11), date(2025, 4, 12)], billed={date(2025, 4, 7), date(2025, 4, 9)}
    )
    assert friday == _paid(date(2025, 4, 11))
    assert saturday == PricedItem(
        date(2025, 4, 12),
        SESSION_2025,
        ZERO,
        "more than 3 sessions in the week of 2025-04-12",
        Refusal.WEEKLY_LIMIT,
    )


def test_the_week_runs_monday_to_sunday() -> None:
    """Three sessions billed Monday to Wednesday 7-9 April 2025: Sunday 13th is in the same week,
    Monday 14th starts the next."""
    sunday, monday = _sessions(
        [date(2025, 4, 13), date(2025, 4, 14)],
        billed={date(2025, 4, 7), date(2025, 4, 8), date(2025, 4, 9)},
    )
    assert sunday.refusal is Refusal.WEEKLY_LIMIT
    assert monday == _paid(date(2025, 4, 14))


def test_a_refused_session_does_not_count_toward_the_weekly_cap() -> None:
    """The duplicate of Monday is refused, so Tuesday and Wednesday are the week's second and third."""
    items = _sessions([date(2025, 4, 7), date(2025, 4, 7), date(2025, 4, 8), date(2025, 4, 9)])
    assert [i.refusal for i in items] == [None, Refusal.ALREADY_BILLED, None, None]


def test_a_refused_session_does_not_drop_the_sessions_after_it() -> None:
    items = _sessions(
        [
            date(2025, 3, 14),  # outside the approval
            date(2025, 3, 17),
            date(2025, 3, 17),  # already in this claim
            date(2025, 3, 18),
            date(2025, 3, 19),
            date(2025, 3, 20),  # a fourth that week
            date(2025, 3, 24),
        ]
    )
    assert [i.refusal for i in items] == [
        Refusal.OUTSIDE_APPROVAL,
        None,
        Refusal.ALREADY_BILLED,
        None,
        None,
        Refusal.WEEKLY_LIMIT,
        None,
    ]
    assert items[-1] == _paid(date(2025, 3, 24))


def test_each_session_is_priced_at_the_card_in_force_on_its_day() -> None:
    items = price_sessions(
        dates=[date(2024, 12, 31), date(2025, 1, 1)],
        approved_from=date(2024, 12, 1),
        approved_until=date(2025, 11, 30),
        already_billed=set(),
    )
    assert items == [_paid(date(2024, 12, 31), Decimal("150.00")), _paid(date(2025, 1, 1))]


def test_a_reimbursement_above_the_card_is_capped_with_its_refusal_and_one_below_is_paid_whole() -> (
    None
):
    """ "PERKESO will reimburse Insured Person that undergo haemodialysis treatment at non-PERKESO
    dialysis panel centre and government hospital subjected to PERKESO's terms and conditions"."""
    above, exact, below = price_sessions(
        dates=[date(2025, 4, 7), date(2025, 4, 9), date(2025, 4, 11)],
        approved_from=FIRST,
        approved_until=LAST,
        already_billed=set(),
        claimed=[Decimal("200.00"), Decimal("160.00"), Decimal("120.50")],
    )
    assert above == PricedItem(
        date(2025, 4, 7),
        Decimal("200.00"),
        SESSION_2025,
        "RM40.00 above the rate card's RM160.00 a session",
        Refusal.ABOVE_RATE_CARD,
    )
    assert above.refused == Decimal("40.00")
    assert exact == _paid(date(2025, 4, 9))
    assert below == _paid(date(2025, 4, 11), Decimal("120.50"))


def test_a_refused_reimbursement_keeps_what_the_patient_claimed() -> None:
    [item] = price_sessions(
        dates=[date(2025, 3, 14)],
        approved_from=FIRST,
        approved_until=LAST,
        already_billed=set(),
        claimed=[Decimal("180.00")],
    )
    assert (item.claimed, item.approved, item.refused) == (
        Decimal("180.00"),
        ZERO,
        Decimal("180.00"),
    )


def _capd(
    dates: list[date], billed: set[date] | None = None, claimed: list[Decimal] | None = None
) -> list[PricedItem]:
    return price_capd_months(
        dates=dates,
        approved_from=FIRST,
        approved_until=LAST,
        already_billed=billed or set(),
        claimed=claimed,
    )


def _month_paid(day: date, amount: Decimal = CAPD_2025) -> PricedItem:
    return PricedItem(day, amount, amount, None, None)


def test_capd_is_billed_at_its_monthly_rate_never_at_the_session_rate() -> None:
    """CAPD is done at home every day: a month of it, not sessions; no weekly cap applies."""
    items = _capd([date(2025, 7, 31), date(2025, 8, 1), date(2025, 9, 2), date(2025, 10, 3)])
    assert [i.approved for i in items] == [CAPD_2025] * 4
    assert all(i.refusal is None for i in items)


def test_capd_is_priced_at_the_card_in_force_in_its_month() -> None:
    items = price_capd_months(
        dates=[date(2024, 12, 1), date(2025, 1, 1)],
        approved_from=date(2024, 12, 1),
        approved_until=date(2025, 11, 30),
        already_billed=set(),
    )
    assert items == [
        _month_paid(date(2024, 12, 1), Decimal("2500.00")),
        _month_paid(date(2025, 1, 1)),
    ]


def test_the_approvals_first_month_counts_from_its_first_day_and_its_last_day_is_the_end() -> None:
    items = _capd([date(2025, 2, 28), date(2025, 3, 1), LAST, date(2026, 3, 15)])
    assert items == [
        PricedItem(
            date(2025, 2, 28),
            CAPD_2025,
            ZERO,
            f"February 2025 {OUTSIDE}",
            Refusal.OUTSIDE_APPROVAL,
        ),
        _month_paid(date(2025, 3, 1)),
        _month_paid(LAST),
        PricedItem(
            date(2026, 3, 15),
            CAPD_2025,
            ZERO,
            f"March 2026 {OUTSIDE}",
            Refusal.OUTSIDE_APPROVAL,
        ),
    ]


def test_a_month_of_capd_is_billed_once_across_bills_and_within_one() -> None:
    earlier, paid, again = _capd(
        [date(2025, 8, 1), date(2025, 9, 1), date(2025, 9, 30)], {date(2025, 8, 15)}
    )
    assert paid == _month_paid(date(2025, 9, 1))
    assert earlier == PricedItem(
        date(2025, 8, 1),
        CAPD_2025,
        ZERO,
        "CAPD for August 2025 was already billed",
        Refusal.ALREADY_BILLED,
    )
    assert again == PricedItem(
        date(2025, 9, 30),
        CAPD_2025,
        ZERO,
        "CAPD for September 2025 was already billed",
        Refusal.ALREADY_BILLED,
    )


def test_a_refused_month_of_capd_does_not_drop_the_months_after_it() -> None:
    items = _capd([date(2025, 2, 1), date(2025, 8, 1), date(2025, 9, 1)], {date(2025, 8, 20)})
    assert [i.refusal for i in items] == [Refusal.OUTSIDE_APPROVAL, Refusal.ALREADY_BILLED, None]
    assert items[-1] == _month_paid(date(2025, 9, 1))


def test_a_capd_reimbursement_is_capped_at_the_monthly_rate() -> None:
    above, exact, below = _capd(
        [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)],
        claimed=[Decimal("2750.00"), Decimal("2600.00"), Decimal("2599.99")],
    )
    assert above == PricedItem(
        date(2025, 4, 1),
        Decimal("2750.00"),
        CAPD_2025,
        "RM150.00 above the rate card's RM2600.00 a month of CAPD",
        Refusal.ABOVE_RATE_CARD,
    )
    assert exact == _month_paid(date(2025, 5, 1))
    assert below == _month_paid(date(2025, 6, 1), Decimal("2599.99"))


def test_the_treatments_modality_decides_sessions_or_months() -> None:
    dates = [date(2025, 7, 31), date(2025, 8, 1)]
    kwargs = {
        "dates": dates,
        "approved_from": FIRST,
        "approved_until": LAST,
        "already_billed": set(),
    }
    assert [i.approved for i in price_treatment("capd", **kwargs)] == [CAPD_2025, CAPD_2025]
    assert [i.approved for i in price_treatment("haemodialysis", **kwargs)] == [
        SESSION_2025,
        SESSION_2025,
    ]
