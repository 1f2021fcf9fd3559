"""The education benefit's rules: pure functions and the law's tables, no I/O."""
