"""Which language a client gets, and how a message keeps its template."""

from __future__ import annotations

import typing

import pydantic_core
import pytest

from shared.kernel.i18n import Message, msg
from shared.process.i18n import translate
from shared.web.language import negotiate
from shared.web.validation_messages import BY_TYPE, pydantic_message


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ms", "ms"),
        ("ms-MY", "ms"),
        ("MS-my", "ms"),
        ("en-GB,ms;q=0.8", "en"),
        ("en;q=0.5, ms-MY", "ms"),
        ("fr, ms;q=0.4", "ms"),
        ("ms;q=0, en", "en"),
        ("fr", "en"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("ms;q=abc", "en"),
    ],
)
def test_accept_language_with_q_values_picks_malay_or_english(
    header: str | None, language: str
) -> None:
    assert negotiate(header) == language


def test_a_message_is_its_english_and_keeps_template_and_values() -> None:
    said = msg("Loan {loan_id} not found", loan_id="L-1")
    assert said == "Loan L-1 not found"
    assert isinstance(said, Message)
    assert (said.template, dict(said.params)) == ("Loan {loan_id} not found", {"loan_id": "L-1"})


def test_values_are_filled_after_translation_and_nested_messages_translated_too() -> None:
    assert translate(msg("Loan {loan_id} not found", loan_id="L-1"), "ms") == (
        "Pinjaman L-1 tidak dijumpai"
    )
    nested = msg("at most RM{available}: {what}", available="5.00", what=msg("the credit"))
    assert translate(nested, "ms") == "paling banyak RM5.00: kredit"
    assert translate(nested, "en") == "at most RM5.00: the credit"


def test_a_capitalised_reason_stays_capitalised_in_malay() -> None:
    reason = msg("the path ends with a slash").capitalize()
    assert reason == "The path ends with a slash"
    assert translate(reason, "ms") == "Laluan berakhir dengan garis condong"


def test_text_without_a_translation_is_said_in_english() -> None:
    assert translate("no such template anywhere", "ms") == "no such template anywhere"


def test_every_mapped_pydantic_error_type_is_one_pydantic_reports() -> None:
    known = set(typing.get_args(pydantic_core.core_schema.ErrorType))
    assert set(BY_TYPE) <= known


def test_pydantic_errors_are_said_in_malay_from_their_context() -> None:
    assert pydantic_message("string_too_long", {"max_length": 60}, "ms") == (
        "Rentetan mesti mempunyai paling banyak 60 aksara"
    )
    assert pydantic_message("enum", {"expected": "'a', 'b' or 'c'"}, "ms") == (
        "Input mestilah 'a', 'b' atau 'c'"
    )
    assert pydantic_message("no_such_type", {}, "ms") == "Nilai tidak sah"
