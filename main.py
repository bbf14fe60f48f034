"""행봇 entry point: the desktop app by default, the command line with a sub-command."""

from __future__ import annotations

import os
import sys

CLI_COMMANDS = {
    "list",
    "describe",
    "sample",
    "run",
    "settings",
    "store",
    "ledger",
    "history",
    "profile",
    "schedule",
    "-h",
    "--help",
    "--version",
}


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def multiprocessing_child(argv: list[str]) -> bool:
    """Whether multiprocessing started this process: a spawned job (``--multiprocessing-fork``) or its resource
    tracker (``-c 'from multiprocessing…'``). Only then is multiprocessing imported before the window: it costs
    about 20 ms of every start (issue 19). A frozen child must reach freeze_support before anything else, or it
    would open a second window; installer/rth_multiprocessing.py asks the same question."""
    return (len(argv) > 1 and argv[1] == "--multiprocessing-fork") or "-c" in argv[1:]


def _missing_packages(exc: ModuleNotFoundError) -> int:
    """Started by a Python without the project's packages (not .venv/bin/python): say how, in Korean."""
    sys.stderr.write(
        f"행봇에 필요한 패키지({exc.name})가 이 파이썬({sys.executable})에 없습니다.\n"
        "처음 한 번 'make run'(또는 'make test')으로 설치한 뒤 '.venv/bin/python main.py …'로 실행하십시오.\n"
    )
    return 3


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.platform == "win32":
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8", errors="replace")
    if argv and (argv[0] in CLI_COMMANDS):
        if argv[0] == "run" and "--home" in argv[:-1]:  # a scheduled run: the home in force when it was made
            os.environ["HAENGBOT_HOME"] = argv[argv.index("--home") + 1]
        try:
            from core.cli import main as cli_main
            from core.logs import setup_logging
            from tasks import registry
        except ModuleNotFoundError as exc:
            return _missing_packages(exc)

        setup_logging()
        return cli_main(argv, registry())
    if argv and argv[0] == "--self-test":
        from selftest_app import main as self_test  # core knows no task and no Qt: the app passes them in

        return self_test()
    if not _has_display():
        sys.stderr.write(
            "화면(디스플레이)이 없는 환경이라 행봇 창을 열 수 없습니다.\n"
            "명령줄로 같은 작업을 할 수 있습니다:\n"
            "  .venv/bin/python main.py list                      # 작업 목록\n"
            "  .venv/bin/python main.py describe overtime-pay     # 입력·설정 설명\n"
            "  .venv/bin/python main.py sample overtime-pay --dir 예시\n"
            "  .venv/bin/python main.py run overtime-pay --input records=예시/records.xlsx "
            "--input payments=예시/payments.csv --output 결과.xlsx\n"
        )
        return 2
    if os.environ.get("HAENGBOT_FIRST_PAINT_FILE"):  # benchmarks/startup.py: time to the first painted window
        from gui.first_paint import arm

        arm(os.environ["HAENGBOT_FIRST_PAINT_FILE"], argv)
    try:
        from gui.app import run_app
    except ImportError as exc:
        sys.stderr.write(f"화면 구성 요소를 불러오지 못했습니다({exc.name}). 'make run'으로 설치를 마쳤는지 확인하십시오.\n")
        return 3
    return run_app(argv)


if __name__ == "__main__":
    if multiprocessing_child(sys.argv):
        import multiprocessing

        multiprocessing.freeze_support()  # a frozen child runs its job here and exits
    sys.exit(main())
