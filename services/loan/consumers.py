"""The loan service consumes no other service's events.

The CGPA suspension was once applied here, after the result's event; it is now part of the
result's own transaction (usecases/loans.record_result), so a disbursement posted right after a
result below 2.00 is refused. The events still tell the other services.
"""

from __future__ import annotations

from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    return []
