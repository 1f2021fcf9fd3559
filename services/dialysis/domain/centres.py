"""Dialysis centres: PERKESO panel, non-panel private, NGO or charitable, government hospital."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class CentreKind(StrEnum):
    PANEL = "panel"
    NON_PANEL_PRIVATE = "non_panel_private"
    NGO = "ngo"
    GOVERNMENT_HOSPITAL = "government_hospital"


# Where PERKESO pays the centre directly (the patient pays nothing), and where it reimburses the patient.
BILLED_BY_CENTRE = frozenset({CentreKind.PANEL})
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
