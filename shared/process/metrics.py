"""Prometheus metrics every process exposes at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Events published to JetStream", ["service"])
OUTBOX_PUBLISH_FAILURES = Counter(
    "outbox_publish_failures_total", "Relay batches that failed", ["service"]
)
OUTBOX_PENDING = Gauge("outbox_pending", "Unpublished outbox rows seen by the relay", ["service"])
EVENTS_HANDLED = Counter(
    "events_handled_total", "Events handled by durable consumers", ["consumer", "outcome"]
)
DEAD_LETTERS = Gauge(
    "dead_letters",
    "Events parked by a durable consumer after failing, awaiting retry",
    ["consumer"],
)
GROUP_COMMIT_BATCH = Histogram(
    "group_commit_batch_size",
    "Requests written together in one group-commit transaction",
    ["writer"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)
