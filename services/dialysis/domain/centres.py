"""Dialysis centres: PERKESO panel, non-panel private, NGO or charitable, government hospital."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class CentreKind(StrEnum):
    PANEL = "panel"
    NON_PANEL_PRIVATE = "non_panel_private"
    NGO = "ngo"
    GOVERNMENT_HOSPITAL = "government_hospital"


# Where PERKESO pays the centre directly (the patient pays nothing), and where it reimburses the
# patient. Treatment is "free of charge at any PERKESO dialysis panel centres, government hospital
# or centres run by either NGOs": an NGO centre bills PERKESO as a panel centre does.
BILLED_BY_CENTRE = frozenset({CentreKind.PANEL, CentreKind.NGO})
REIMBURSED_TO_PATIENT = frozenset({CentreKind.NON_PANEL_PRIVATE, CentreKind.GOVERNMENT_HOSPITAL})
# "donating haemodialysis machines for NGO to run their dialysis centres": NGO or charitable bodies only.
MAY_RECEIVE_MACHINES = frozenset({CentreKind.NGO})


def panel_on(
    kind: CentreKind, valid_from: date | None, valid_until: date | None, day: date
) -> bool:
    """A centre is a panel centre on a day inside its appointment's validity."""
    if kind is not CentreKind.PANEL or valid_from is None:
        return False
    return valid_from <= day and (valid_until is None or day <= valid_until)


def bills_on(
    kind: CentreKind, valid_from: date | None, valid_until: date | None, day: date
) -> bool:
    """A centre bills PERKESO for a day's treatment: an NGO centre always, a panel centre within
    its appointment."""
    return kind is CentreKind.NGO or panel_on(kind, valid_from, valid_until, day)
