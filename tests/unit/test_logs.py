"""The log handlers core.logs installs are replaced when the home changes; handlers others added stay."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import pytest

from core.logs import LOGGER_NAME, get_logger, log_path, setup_logging


def test_a_new_home_replaces_our_handler_and_keeps_a_foreign_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger(LOGGER_NAME)
    foreign = logging.NullHandler()
    logger.addHandler(foreign)
    try:
        setup_logging()
        get_logger("unit").info("첫 번째 집")
        first = log_path()
        monkeypatch.setenv("HAENGBOT_HOME", str(tmp_path / "second"))
        setup_logging()
        get_logger("unit").info("두 번째 집")
        ours = [h for h in logger.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
        assert foreign in logger.handlers
        assert len(ours) == 1  # the first home's file handler was closed and removed, not kept beside the new one
        assert "두 번째 집" not in first.read_text(encoding="utf-8")
        assert "두 번째 집" in log_path().read_text(encoding="utf-8")
    finally:
        logger.removeHandler(foreign)
