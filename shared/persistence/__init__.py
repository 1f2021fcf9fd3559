"""Databases: engines, the unit of work, the outbox and inbox tables, migrations, group commit."""
