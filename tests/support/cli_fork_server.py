"""Run ``main.py`` once per file without paying Python's start-up each time: a warm parent forks.

The corpus test reads ~80 files through the CLI. A fresh interpreter per file costs ~0.7 s of
imports (pandas, calamine, the task registry), which on a loaded 2-core machine is most of the
test. This server imports ``main`` once, then for each request forks a child that limits its own
address space (RLIMIT_AS) and time (SIGALRM), sends stderr to a file and runs ``main.main(argv)``
exactly as ``python main.py ARGV`` would. The parent reports the child's exit code, negative for
death by a signal, as ``subprocess`` does. Requests and answers are JSON lines on stdin/stdout.

Usage: python tests/support/cli_fork_server.py MEMORY_BYTES TIME_LIMIT_S PARALLEL
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _child(argv: list[str], stderr_path: str, memory: int, seconds: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(seconds)
        err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(err, 2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        import main

        code = main.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # what the interpreter would do: print the traceback, exit 1
        import traceback

        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(code)


def serve() -> None:
    memory, seconds, parallel = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import python_calamine  # noqa: F401

    import core.cli  # noqa: F401
    import main  # noqa: F401 - warm: what every child would import
    from tasks import registry

    registry()
    running: dict[int, dict[str, object]] = {}
    requests = (json.loads(line) for line in sys.stdin if line.strip())
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < parallel:
            request = next(requests, None)
            if request is None:
                exhausted = True
                break
            pid = os.fork()
            if pid == 0:
                _child(request["argv"], request["stderr"], memory, seconds)
            running[pid] = request
        if not running:
            break
        pid, status = os.wait()
        request = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps({"id": request["id"], "code": code}), flush=True)


if __name__ == "__main__":
    serve()
