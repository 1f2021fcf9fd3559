"""Values every service shares: money, IC numbers, time, errors, JSON, the event envelope; no I/O."""
