"""Alembic environment of the contribution service: its own history, its own database."""

from services.contribution.config import ContributionSettings
from services.contribution.models import Base
from services.contribution.textfile import models as _textfile_models  # noqa: F401 - registers its tables
from shared.persistence.migrations import run_migrations

run_migrations(Base.metadata, ContributionSettings().database_url)
