"""The dialysis rules: pure functions and the rate card, no I/O."""
