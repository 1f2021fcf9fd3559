"""Every log line is masked, the standard library's tracebacks included (issue 15.8)."""

from __future__ import annotations

import logging

import pytest
import structlog

from shared.process.logging_setup import configure_logging


def test_uvicorns_traceback_of_a_500_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(service="test", level="INFO", json=True)
    try:
        raise ValueError("no person 900101-14-5678 in 900101145679's household")
    except ValueError:
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    written = capsys.readouterr().err
    assert "Exception in ASGI application" in written
    assert "Traceback" in written
    assert "5678" not in written
    assert "5679" not in written
    assert "900101-14-****" in written


def test_a_structlog_exception_is_masked_after_its_traceback_is_rendered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(service="test", level="INFO", json=True)
    try:
        raise KeyError("900101145678")
    except KeyError:
        structlog.get_logger("test").exception("request.unhandled_error")
    written = capsys.readouterr().err
    assert "KeyError" in written
    assert "900101145678" not in written
