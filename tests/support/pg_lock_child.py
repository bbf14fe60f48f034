"""A child process of tests/unit/test_runlock_pg.py: another "PC" holding a task's advisory run lock.

argv: URL TASK RUN_ID. Takes the lock, prints "locked", and holds it until a line arrives on stdin (then
releases and exits) or until it is killed. The password comes from HAENGBOT_SECRET_STORE_PASSWORD.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.runlock_pg import PgRunLock
from core.store_config import parse_store_url


def main() -> None:
    target = parse_store_url(sys.argv[1])
    assert target is not None
    with PgRunLock(target, sys.argv[2]).acquire(sys.argv[3]):
        print("locked", flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    main()
