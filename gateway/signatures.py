"""Signed bank callbacks: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`."""

from __future__ import annotations

import hashlib
import hmac

from shared.kernel.errors import Unauthorized
from shared.kernel.i18n import msg
from shared.kernel.ic import is_ascii_digits


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header value a bank sends; used by tests, benchmarks and the CLI's simulator."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(
    header: str | None, *, secret: str, body: bytes, now: float, tolerance: int
) -> None:
    """Raise 401 unless the header is well formed, fresh, and signs exactly these bytes."""
    if not header:
        raise Unauthorized(msg("X-Signature header is missing"))
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, sep, value = item.strip().partition("=")
        if sep:
            parts.setdefault(name, []).append(value)
    timestamps = parts.get("t", [])
    if len(timestamps) != 1 or not is_ascii_digits(timestamps[0]):
        raise Unauthorized(msg("X-Signature has no valid timestamp"))
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        raise Unauthorized(msg("X-Signature timestamp is outside the allowed window"))
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    if not any(hmac.compare_digest(expected, candidate) for candidate in parts.get("v1", [])):
        raise Unauthorized(msg("X-Signature does not match the body"))
