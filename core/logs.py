"""A rotating log under the application home. Every record is scrubbed of personal data and secrets."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.masking import scrub
from core.paths import app_home

LOGGER_NAME = "haengbot"


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


_configured: Path | None = None


def log_path() -> Path:
    return app_home() / "logs" / "haengbot.log"


def setup_logging(level: int = logging.INFO) -> logging.Logger:
    """Idempotent per home: re-pointing HAENGBOT_HOME (tests) moves the file handler."""
    global _configured
    logger = logging.getLogger(LOGGER_NAME)
    path = log_path()
    if _configured == path:
        return logger
    for handler in list(logger.handlers):
        if getattr(handler, "_haengbot", False):
            logger.removeHandler(handler)
            handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._haengbot = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    _configured = path
    return logger


def get_logger(name: str = "") -> logging.Logger:
    setup_logging()
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
