"""main.py with the toy document task (tests/support/docs_task.py) added to the task list: the real CLI."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import main  # noqa: E402
from tests.support.docs_task import ensure_registered  # noqa: E402

if __name__ == "__main__":
    ensure_registered()
    sys.exit(main.main(sys.argv[1:]))
