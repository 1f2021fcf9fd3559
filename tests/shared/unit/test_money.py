"""Money travels as a string with two decimals; anything else is refused before it reaches a rule."""

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from shared.kernel.money import (
    InvalidMoney,
    Money,
    format_money,
    parse_money,
    round_up_to_multiple,
    to_sen,
)


class Priced(BaseModel):
    amount: Money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.50", "1234.50"),
        ("0", "0.00"),
        ("7.5", "7.50"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_strings_with_at_most_two_decimals_are_money(text: str, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize(
    "value", ["1.005", "-1.00", "1e3", "", " ", "01.00", "1,000.00", 12.5, 12, True, None, "NaN"]
)
def test_everything_else_is_refused(value: object) -> None:
    with pytest.raises(InvalidMoney):
        parse_money(value)


def test_money_fields_serialise_as_two_decimal_strings() -> None:
    assert Priced(amount="5").model_dump(mode="json") == {"amount": "5.00"}
    with pytest.raises(ValidationError):
        Priced.model_validate_json('{"amount": 5.0}')


def test_rounding_helpers() -> None:
    assert to_sen(Decimal("0.005")) == Decimal("0.01")
    assert to_sen(Decimal("0.0049")) == Decimal("0.00")
    assert round_up_to_multiple(Decimal("5.01"), Decimal("5")) == Decimal("10.00")
    assert round_up_to_multiple(Decimal("10.00"), Decimal("5")) == Decimal("10.00")
    assert format_money(Decimal("3")) == "3.00"


@pytest.mark.parametrize(
    "text",
    ["1234.50", "0", "0.00", "7.5", "999999999999.99", "1E+2", "5.10"],
)
def test_a_decimal_is_money_exactly_when_its_text_would_be(text: str) -> None:
    """Decimals from the database take a shorter path; it must agree with the string rules."""
    assert parse_money(Decimal(text)) == parse_money(format(Decimal(text), "f"))


@pytest.mark.parametrize("text", ["1.005", "1.230", "-1.00", "-0.00", "NaN", "Infinity", "sNaN"])
def test_a_decimal_outside_the_rules_is_refused_like_its_text(text: str) -> None:
    with pytest.raises(InvalidMoney):
        parse_money(Decimal(text))


def test_a_total_past_twelve_digits_is_still_money_though_no_client_may_send_one() -> None:
    """Twelve ringgit digits bound what a client sends; a sum of many such amounts (a loan's
    repayments) may pass it and must still be shown, not fail the answer (issue 15: a 500)."""
    with pytest.raises(InvalidMoney):
        parse_money("1000000000000")
    assert parse_money(Decimal("2067067974240.43")) == Decimal("2067067974240.43")


@pytest.mark.parametrize(
    ("amount", "text"),
    [("3", "3.00"), ("3.10", "3.10"), ("0.005", "0.01"), ("2.675", "2.68"), ("1E+3", "1000.00")],
)
def test_format_money_always_two_decimals_rounding_half_up(amount: str, text: str) -> None:
    assert format_money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("12345678901234567890", "twelve digits"),
        ("1000000000000", "twelve digits"),
        ("1.234", "two decimals"),
        ("abc", "two decimals"),
    ],
)
def test_an_amount_that_is_not_money_is_told_what_is_wrong(text: str, says: str) -> None:
    """Issue 16: a 20-digit wage was told it had too many decimals."""
    with pytest.raises(InvalidMoney, match=says):
        parse_money(text)
