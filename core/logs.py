"""A rotating log under the application home. Every record is scrubbed of personal data and secrets.

``get_logger`` only arms a tiny handler; the rotating file handler (and ``logging.handlers``, which
pulls in socket and pickle) is built when the first record arrives. The window's first paint waits
for nothing it does not use.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

from core.masking import mask_text
from core.paths import app_home

LOGGER_NAME = "haengbot"
MAX_BYTES, BACKUPS = 2_000_000, 5

# The handlers this module installed: replaced on reconfiguration, while handlers others added stay.
_OURS: weakref.WeakSet[logging.Handler] = weakref.WeakSet()


class MaskingFormatter(logging.Formatter):
    """The whole line, traceback included, through the one masking function."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


class _OpenOnFirstRecord(logging.Handler):
    """Stands in for the file handler until something is logged, then installs it and hands the record on."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        logger = _install_file(self.path)
        for handler in logger.handlers:
            if handler is not self and record.levelno >= handler.level:
                handler.handle(record)


_configured: Path | None = None


def log_path() -> Path:
    return app_home() / "logs" / "haengbot.log"


def _replace_handlers(logger: logging.Logger, handler: logging.Handler) -> None:
    for old in list(logger.handlers):
        if old in _OURS:
            logger.removeHandler(old)
            old.close()
    _OURS.add(handler)
    logger.addHandler(handler)


def _install_file(path: Path) -> logging.Logger:
    import logging.handlers

    logger = logging.getLogger(LOGGER_NAME)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:  # a read-only home: no log file, but the command still runs (the store says why)
        handler = logging.NullHandler()
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _replace_handlers(logger, handler)
    return logger


def _arm(level: int) -> tuple[logging.Logger, Path, bool]:
    """Point the logger at the current home (tests re-point HAENGBOT_HOME); True when it was re-pointed."""
    global _configured
    logger = logging.getLogger(LOGGER_NAME)
    path = log_path()
    changed = _configured != path
    if changed:
        _replace_handlers(logger, _OpenOnFirstRecord(path))
        _configured = path
    logger.setLevel(level)
    logger.propagate = False
    return logger, path, changed


def setup_logging(level: int = logging.INFO) -> logging.Logger:
    """The file handler, now (the CLI: a run always logs). Idempotent per home."""
    logger, path, _ = _arm(level)
    if any(isinstance(h, _OpenOnFirstRecord) for h in logger.handlers):
        _install_file(path)
    return logger


def get_logger(name: str = "") -> logging.Logger:
    _arm(logging.getLogger(LOGGER_NAME).level or logging.INFO)
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
