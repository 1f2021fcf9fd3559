"""Events this service publishes (APPEALS stream) and the decision events it listens to."""

from __future__ import annotations

STREAM = "APPEALS"
SUBJECTS = ("appeals.>",)

APPEAL_FILED = "appeals.appeal.filed"
HEARING_SCHEDULED = "appeals.hearing.scheduled"
HEARING_ADJOURNED = "appeals.hearing.adjourned"
APPEAL_DECIDED = "appeals.appeal.decided"
MEMBER_APPOINTED = "appeals.board_member.appointed"

# Other services' decisions a party may appeal against, by the stream that carries them.
APPEALABLE = {
    "LOAN": ("loan.application.rejected",),
    "DIALYSIS": ("dialysis.claim.refused", "dialysis.treatment.refused"),
    "CONTRIBUTION": ("contribution.late_interest.assessed",),
}
