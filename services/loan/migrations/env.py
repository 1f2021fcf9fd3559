"""Alembic environment of the loan service: its own history, its own database."""

from services.loan.config import LoanSettings
from services.loan.models import Base
from shared.persistence.migrations import run_migrations

run_migrations(Base.metadata, LoanSettings().database_url)
