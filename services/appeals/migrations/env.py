"""Alembic environment of the appeals service: its own history, its own database."""

from services.appeals.config import AppealsSettings
from services.appeals.models import Base
from shared.persistence.migrations import run_migrations

run_migrations(Base.metadata, AppealsSettings().database_url)
