"""Events this service publishes (DIALYSIS stream)."""

from __future__ import annotations

STREAM = "DIALYSIS"
SUBJECTS = ("dialysis.>",)

CENTRE_REGISTERED = "dialysis.centre.registered"
CENTRE_APPOINTED = "dialysis.centre.appointed"
TREATMENT_REQUESTED = "dialysis.treatment.requested"
TREATMENT_APPROVED = "dialysis.treatment.approved"
TREATMENT_REFUSED = "dialysis.treatment.refused"
BILL_SUBMITTED = "dialysis.bill.submitted"
BILL_APPROVED = "dialysis.bill.approved"
CLAIM_SUBMITTED = "dialysis.claim.submitted"
CLAIM_REFUSED = "dialysis.claim.refused"
CLAIM_PAID = "dialysis.claim.paid"
MACHINES_DONATED = "dialysis.machines.donated"
GRANT_APPROVED = "dialysis.grant.approved"
