# Runtime hook of the frozen builds, in place of PyInstaller's own pyi_rth_multiprocessing (installer/freeze_options.py
# swaps them; both specs use it). PyInstaller's hook imports multiprocessing (socket, pickle, signal …) at every start:
# about 20 ms before the window's first paint (issue 19, benchmarks/startup.py). This one does the same work, but only
# in a process that multiprocessing started; the window and the commands import multiprocessing when a job first
# needs it. Adapted from PyInstaller 6's pyi_rth_multiprocessing.py (Apache-2.0, (c) PyInstaller Development Team).
#
# A frozen program is its own child: `HaengBot --multiprocessing-fork …` for a spawned job, and
# `HaengBot <interpreter flags> -c 'from multiprocessing.resource_tracker import main…'` for the resource tracker
# (or the fork server). main.py asks multiprocessing_child() the same question and then calls
# multiprocessing.freeze_support(), which this hook has pointed at the code below. (Windows' spawn uses the same
# `--multiprocessing-fork` command line; core/selftest.py's child-process check proves a bundle's child starts.)


def _pyi_rthook():
    import sys

    argv = sys.argv
    if not ((len(argv) > 1 and argv[1] == "--multiprocessing-fork") or "-c" in argv[1:]):
        return  # the window or a command: nothing to do now

    import multiprocessing
    import multiprocessing.spawn
    from subprocess import _args_from_interpreter_flags

    # Prevent `spawn` from trying to read `__main__` in from the main script
    multiprocessing.process.ORIGINAL_DIR = None

    def _divert_multiprocessing_helper():
        # The resource tracker and the fork server: the executable, the interpreter flags, "-c" and an import.
        try:
            command_switch_idx = sys.argv.index("-c")
        except ValueError:
            return
        if set(sys.argv[1:command_switch_idx]) != set(_args_from_interpreter_flags()):
            return
        if len(sys.argv) <= command_switch_idx + 1:
            return
        command = sys.argv[command_switch_idx + 1]
        prefixes = (
            "from multiprocessing.resource_tracker import main",
            "from multiprocessing.forkserver import main",
            "import sys; from multiprocessing.forkserver import main",
        )
        if not command.startswith(prefixes):
            return
        exec(command)
        sys.exit()

    def _freeze_support():
        _divert_multiprocessing_helper()
        if multiprocessing.spawn.is_forking(sys.argv):
            kwds = {}
            for arg in sys.argv[2:]:
                name, value = arg.split("=")
                kwds[name] = None if value == "None" else int(value)
            multiprocessing.spawn.spawn_main(**kwds)
            sys.exit()

    multiprocessing.freeze_support = multiprocessing.spawn.freeze_support = _freeze_support


_pyi_rthook()
del _pyi_rthook
