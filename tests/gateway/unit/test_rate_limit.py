"""Rate-limit buckets: per verified identity, and never more of them than the bound."""

from __future__ import annotations

from gateway.rate_limit import Limit, TokenBuckets
from shared.web.auth import Principal, Role


def test_the_buckets_never_outgrow_their_bound() -> None:
    """Issue 15.2: every new last path segment made a bucket that was never freed."""
    buckets = TokenBuckets({"anonymous": Limit(1, 1)}, max_keys=100)
    for n in range(10_000):
        buckets.take(f"key-{n}", "anonymous", now=float(n))
    assert len(buckets) == 100


def test_the_least_recently_used_bucket_is_forgotten_first() -> None:
    buckets = TokenBuckets({"anonymous": Limit(1, 1)}, max_keys=2)
    assert buckets.take("busy", "anonymous", now=0.0) == 0
    buckets.take("other", "anonymous", now=0.0)
    assert buckets.take("busy", "anonymous", now=0.0) > 0
    buckets.take("third", "anonymous", now=0.0)
    # "other" was used least recently and went; "busy" is still throttled.
    assert buckets.take("busy", "anonymous", now=0.0) > 0


def test_members_of_one_client_are_limited_one_by_one() -> None:
    first = Principal(client_id="mobile-app", role=Role.MEMBER, ic="900101145678")
    second = Principal(client_id="mobile-app", role=Role.MEMBER, ic="900101145679")
    assert first.identity_key != second.identity_key
    assert "900101145678" not in first.identity_key
    employer = Principal(client_id="payroll", role=Role.EMPLOYER, employer_code="E1")
    assert employer.identity_key == "employer:E1"
    officer = Principal(client_id="officer-7", role=Role.OFFICER)
    assert officer.identity_key == "client:officer-7"
    assert len(Principal(client_id="x" * 200, role=Role.OFFICER).identity_scope) <= 120
