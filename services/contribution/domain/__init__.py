"""The contribution rules: pure functions and the law's tables, no I/O beyond loading data files once."""
