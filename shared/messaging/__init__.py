"""NATS JetStream: the bus, the outbox relay and durable consumers."""
