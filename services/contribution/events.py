"""The public events this service publishes (subjects on the CONTRIBUTION stream)."""

from __future__ import annotations

STREAM = "CONTRIBUTION"
SUBJECTS = ("contribution.>",)

EMPLOYER_REGISTERED = "contribution.employer.registered"
SUBMISSION_ACCEPTED = "contribution.submission.accepted"
PAYMENT_RECEIVED = "contribution.payment.received"
LATE_INTEREST_ASSESSED = "contribution.late_interest.assessed"
SELF_EMPLOYED_REGISTERED = "contribution.self_employed.registered"
HOUSEWIFE_REGISTERED = "contribution.housewife.registered"
SCHEME_PAYMENT_RECEIVED = "contribution.scheme_payment.received"
