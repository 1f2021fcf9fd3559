"""`make mutation`: how many deliberate bugs in each service's domain its unit tests catch."""
