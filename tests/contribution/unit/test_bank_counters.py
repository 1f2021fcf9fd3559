"""Where contributions may be paid (reference/perkeso-benefits-and-contributions.txt).

"Internet Banking": nineteen appointed banks, each with its service. "Bank Counters ... Banks
appointed by PERKESO as collection agents for contribution payments are as follows: i. Maybank
Berhad ii. Public Bank Berhad (starting 1 March 2018)". FPX and DDA go through the ASSIST Portal.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.contribution.domain.banks import (
    BANK_COUNTER,
    Bank,
    appointed_banks,
    bank_by_code,
    ensure_channel_open,
)
from shared.kernel.errors import RuleViolated, Violation
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fresh_tables")

ALL_CHANNELS = ("FPX", "DDA", "INTERNET_BANKING")
PUBLIC_BANK_FROM = date(2018, 3, 1)


def refusal(bank_code: str, paid_on: date) -> RuleViolated:
    with pytest.raises(RuleViolated) as refused:
        ensure_channel_open(bank_code, BANK_COUNTER, paid_on)
    assert refused.value.detail == (
        "Contributions are paid at the counters of Maybank and of Public Bank only"
    )
    return refused.value


def test_the_nineteen_banks_of_the_source_with_their_services() -> None:
    banks = appointed_banks()
    assert len(banks) == 19
    assert (banks[0].code, banks[0].name, banks[0].internet_banking_service) == (
        "MBB",
        "Maybank Berhad",
        "Maybank2e.net",
    )
    assert (banks[-1].name, banks[-1].internet_banking_service) == (
        "J.P Morgan",
        "J.P Morgan Access",
    )


def test_maybank_has_collected_at_its_counters_since_before_the_records() -> None:
    maybank = bank_by_code("MBB")
    assert maybank is not None
    assert maybank.counter_from == date.min
    assert maybank.channels == (*ALL_CHANNELS, BANK_COUNTER)


def test_public_bank_collects_at_its_counters_from_1_march_2018() -> None:
    public_bank = bank_by_code("PBB")
    assert public_bank is not None
    assert (public_bank.code, public_bank.name) == ("PBB", "Public Bank Berhad")
    assert public_bank.counter_from == PUBLIC_BANK_FROM
    assert public_bank.channels == (*ALL_CHANNELS, BANK_COUNTER)


def test_the_other_banks_take_internet_banking_but_no_counter_payment() -> None:
    cimb = bank_by_code("CIMB")
    assert cimb is not None
    assert (cimb.counter_from, cimb.channels) == (None, ALL_CHANNELS)
    assert not cimb.takes_counter_payments_on(date(2025, 1, 1))


def test_an_unknown_bank_code_is_no_bank() -> None:
    assert bank_by_code("NOPE") is None


def test_a_counter_date_is_its_first_day() -> None:
    bank = Bank("X", "X Bank", "x", (*ALL_CHANNELS, BANK_COUNTER), PUBLIC_BANK_FROM)
    assert not bank.takes_counter_payments_on(date(2018, 2, 28))
    assert bank.takes_counter_payments_on(date(2018, 3, 1))
    assert bank.takes_counter_payments_on(date(2030, 1, 1))


def test_maybank_counters_take_contributions_on_any_day() -> None:
    ensure_channel_open("MBB", BANK_COUNTER, date(2000, 1, 3))
    ensure_channel_open("MBB", BANK_COUNTER, date(2025, 8, 15))


def test_public_bank_counters_from_1_march_2018_and_not_the_day_before() -> None:
    ensure_channel_open("PBB", BANK_COUNTER, PUBLIC_BANK_FROM)
    refused = refusal("PBB", date(2018, 2, 28))
    assert refused.violations == (
        Violation(
            field="channel",
            message=(
                "PBB does not collect contributions at its counters from 2018-03-01: "
                "Maybank, and Public Bank from 2018-03-01"
            ),
            code="not-a-counter-agent",
        ),
    )


def test_a_counter_payment_at_any_other_appointed_bank_is_refused() -> None:
    assert refusal("CIMB", date(2025, 8, 15)).violations == (
        Violation(
            field="channel",
            message=(
                "CIMB does not collect contributions at its counters: "
                "Maybank, and Public Bank from 2018-03-01"
            ),
            code="not-a-counter-agent",
        ),
    )


def test_a_counter_payment_at_an_unknown_bank_is_refused() -> None:
    assert refusal("NOPE", date(2025, 8, 15)).violations == (
        Violation(
            field="channel",
            message=(
                "NOPE does not collect contributions at its counters: "
                "Maybank, and Public Bank from 2018-03-01"
            ),
            code="not-a-counter-agent",
        ),
    )


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_the_other_channels_are_open_at_every_bank_on_every_day(channel: str) -> None:
    ensure_channel_open("CIMB", channel, date(2018, 2, 28))
    ensure_channel_open("NOPE", channel, date(2000, 1, 1))
