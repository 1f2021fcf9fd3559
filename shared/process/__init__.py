"""A running process: settings, logging, metrics, garbage-collector tuning."""
