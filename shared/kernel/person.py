"""How events name a person: `person_key`, never the IC (CONTRACT.md "Events and privacy").

The key is the hex HMAC-SHA256 of the 12-digit IC under the platform's `PERSON_KEY_SECRET`: every
service that knows a person's IC computes the same key, and one who reads an event learns nothing
of the IC from it. `ic_masked` (900101-14-****) is there for a person reading the feed.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

# Only for development and tests; a production deployment sets its own (settings refuse this).
DEVELOPMENT_SECRET = "development-only-person-key-secret"  # noqa: S105 - refused in production


@dataclass(frozen=True)
class PersonKeys:
    secret: str

    def of(self, ic: str) -> str:
        """The person's key: the same IC always gives the same key under one secret."""
        return hmac.new(self.secret.encode(), ic.encode(), hashlib.sha256).hexdigest()
