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


async def test_a_callback_is_counted_per_bank_and_sending_address() -> None:
    """A review of issue 15's fixes: unsigned posts used up the bank's own callbacks' bucket."""
    from tests.support.rate_limit import limiter_knowing_mbb

    middleware, app = limiter_knowing_mbb()

    def scope(address: str, bank: str = "MBB") -> dict[str, object]:
        return {
            "type": "http",
            "method": "POST",
            "path": f"/v1/contributions/payments/callbacks/{bank}",
            "headers": [],
            "client": (address, 4000),
            "app": app,
        }

    assert await middleware._identify(scope("10.0.0.1")) == [("bank:MBB@10.0.0.1", "bank")]
    assert await middleware._identify(scope("10.0.0.2")) == [("bank:MBB@10.0.0.2", "bank")]
    assert await middleware._identify(scope("10.0.0.1", "NOPE")) == [("ip:10.0.0.1", "anonymous")]
