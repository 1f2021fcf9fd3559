"""Tables of the text-file upload: remembered files (by hash) and background jobs with progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.contribution.models import Base
from shared.persistence.sqltypes import AwareDateTime, JsonText


class TextfileJob(Base):
    __tablename__ = "textfile_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employer_code: Mapped[str] = mapped_column(String(12), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    layout: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    lines_total: Mapped[int] = mapped_column(Integer)
    lines_done: Mapped[int] = mapped_column(Integer)
    spool_path: Mapped[str] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JsonText())
    submitted_by: Mapped[str] = mapped_column(String(120))
    officer: Mapped[bool] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())

    # "A file is accepted once (its hash is remembered)."
    __table_args__ = (UniqueConstraint("employer_code", "sha256", name="uq_textfile_jobs_file"),)
