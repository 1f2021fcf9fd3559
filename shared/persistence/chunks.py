"""IN lists of at most this many values: a query over a 10,000-line submission's people stays under
every database's bound-parameter limit, and each statement's plan stays a cheap one."""

from __future__ import annotations

IN_CHUNK = 900
