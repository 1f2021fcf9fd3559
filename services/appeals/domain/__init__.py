"""The Appellate Board's rules: pure functions and the board table, no I/O."""
