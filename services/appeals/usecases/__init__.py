"""The appeals service's use cases, one module per aggregate: each loads, asks the domain, saves
and records its event in one unit of work."""
