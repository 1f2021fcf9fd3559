"""Events this service publishes (LOAN stream)."""

from __future__ import annotations

STREAM = "LOAN"
SUBJECTS = ("loan.>",)

SPONSOR_RECORDED = "loan.sponsor.recorded"
APPLICATION_SUBMITTED = "loan.application.submitted"
APPLICATION_APPROVED = "loan.application.approved"
APPLICATION_REJECTED = "loan.application.rejected"
OFFER_ACCEPTED = "loan.offer.accepted"
GUARANTOR_ADDED = "loan.guarantor.added"
DISBURSED = "loan.disbursed"
RESULT_RECORDED = "loan.result.recorded"
CGPA_BELOW_THRESHOLD = "loan.cgpa.below_threshold"
DISBURSEMENT_SUSPENDED = "loan.disbursement.suspended"
DISBURSEMENT_REINSTATED = "loan.disbursement.reinstated"
REPAYMENT_RECEIVED = "loan.repayment.received"
CONVERTED_TO_SCHOLARSHIP = "loan.converted_to_scholarship"
