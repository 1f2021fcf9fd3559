"""Several replicas behind one service prefix are taken in turn."""

import pytest

from gateway.upstreams import Upstream


def test_replicas_are_taken_in_turn() -> None:
    upstream = Upstream("http://a:8001/, http://b:8001")
    assert [upstream.next() for _ in range(4)] == [
        "http://a:8001",
        "http://b:8001",
        "http://a:8001",
        "http://b:8001",
    ]


def test_an_upstream_needs_a_url() -> None:
    with pytest.raises(ValueError, match="at least one URL"):
        Upstream(" , ")
