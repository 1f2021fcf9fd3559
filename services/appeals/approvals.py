"""The appeals service's commands that take two officers (shared.web.four_eyes).

None: the Board's decisions move no money here (their consequences do, in the services that
hold it). The queue and its endpoints exist, so every service's approvals are read alike.
"""

from __future__ import annotations

from services.appeals import events
from shared.web.four_eyes import FourEyes

FOUR_EYES = FourEyes("appeals", events.APPROVALS, [])
