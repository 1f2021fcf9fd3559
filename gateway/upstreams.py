"""Where each service lives: one base URL, or several replicas taken in turn."""

from __future__ import annotations

import itertools
from collections.abc import Iterator


class Upstream:
    """`CONTRIBUTION_URL=http://a:8001,http://b:8001` spreads requests across both replicas."""

    def __init__(self, urls: str) -> None:
        self.urls = [u.strip().rstrip("/") for u in urls.split(",") if u.strip()]
        if not self.urls:
            raise ValueError("an upstream needs at least one URL")
        self._turn: Iterator[str] = itertools.cycle(self.urls)

    def next(self) -> str:
        return next(self._turn)
