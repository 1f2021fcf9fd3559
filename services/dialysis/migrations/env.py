"""Alembic environment of the dialysis service: its own history, its own database."""

from services.dialysis.config import DialysisSettings
from services.dialysis.models import Base
from shared.persistence.migrations import run_migrations

run_migrations(Base.metadata, DialysisSettings().database_url)
