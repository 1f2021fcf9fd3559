"""HTTP: the service app and runtime, authentication, dependencies, problem responses, idempotency."""
