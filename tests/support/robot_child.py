"""A child process that types generic records into the replica with the web robot, for the SIGKILL test.

argv: home, site_url, n. A clerk who logs in when asked (tests/support/robot_helpers.Clerk). Prints
one line per record, "key<TAB>status<TAB>check", then "done".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.webrobot import WebRobot, load_recipe  # noqa: E402
from tests.support.replica_hygiene import make_records  # noqa: E402
from tests.support.robot_helpers import HYGIENE_COLUMNS, Clerk, run_context  # noqa: E402


def main() -> None:
    home, url, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    os.environ["HAENGBOT_HOME"] = str(home)
    recipe = load_recipe("hygiene-training", columns=HYGIENE_COLUMNS, base_url=url)
    clerk = Clerk()
    ctx = run_context(home, asker=clerk)
    robot = WebRobot(ctx, recipe, pace=0)
    clerk.robot = robot
    with robot:
        for key, record in make_records(n):
            out = robot.submit(key, record)
            print(f"{key}\t{out.status}\t{out.check}", flush=True)
    ctx.store.finish_run(ctx.run_id or "", "done")
    print("done", flush=True)


if __name__ == "__main__":
    main()
