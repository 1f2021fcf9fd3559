"""The contribution service's commands that take two officers (shared.web.four_eyes).

None yet: allocations of a payment, refunds of a credit and waivers of interest (issue 18) are
declared here as they are built. The queue and its endpoints exist already, so an officer's
tools and the gateway's merged queue treat every service alike.
"""

from __future__ import annotations

from services.contribution import events
from shared.web.four_eyes import FourEyes

FOUR_EYES = FourEyes("contribution", events.APPROVALS, [])
