"""Bank callbacks are signed: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>."""

import pytest

from gateway.signatures import sign, verify_signature
from shared.kernel.errors import Unauthorized

SECRET = "whsec-test"
BODY = b'{"bank_txn_id":"T1","amount":"10.00"}'


def test_a_fresh_signature_of_the_exact_body_verifies() -> None:
    verify_signature(
        sign(SECRET, 1_000_000, BODY), secret=SECRET, body=BODY, now=1_000_100, tolerance=300
    )


@pytest.mark.parametrize(
    ("header", "body", "now"),
    [
        (sign("wrong-key", 1_000_000, BODY), BODY, 1_000_000),
        (sign(SECRET, 1_000_000, BODY), BODY + b" ", 1_000_000),
        (sign(SECRET, 1_000_000, BODY), BODY, 1_000_301),
        (sign(SECRET, 1_000_000, BODY), BODY, 999_699),
        (None, BODY, 1_000_000),
        ("v1=abc", BODY, 1_000_000),
        ("t=abc,v1=abc", BODY, 1_000_000),
    ],
    ids=["wrong key", "altered body", "stale t", "t in the future", "missing", "no t", "bad t"],
)
def test_anything_else_is_401(header: str | None, body: bytes, now: int) -> None:
    with pytest.raises(Unauthorized):
        verify_signature(header, secret=SECRET, body=body, now=now, tolerance=300)


def test_three_hundred_seconds_is_still_inside_the_window() -> None:
    verify_signature(
        sign(SECRET, 1_000_000, BODY), secret=SECRET, body=BODY, now=1_000_300, tolerance=300
    )
