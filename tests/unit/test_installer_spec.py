"""The fast build check CI runs instead of a full PyInstaller build (that is `make bundle`, about a minute).

It reads installer/haengbot.spec, installer/haengbot.iss, the workflow, the .desktop file and the icons as
text or AST and checks the promises they make: every task module frozen, resources and migrations bundled,
one-dir and windowed, per-user install with Korean shortcuts, every installer setting explained.
"""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

import pytest

from tasks import TASK_MODULES

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "haengbot.spec"
ISS = INSTALLER / "haengbot.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _calls(tree: ast.Module, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == name]


def _call(tree: ast.Module, name: str) -> ast.Call:
    calls = _calls(tree, name)
    assert len(calls) == 1, f"{name}() should appear once in the spec"
    return calls[0]


def _kw(call: ast.Call, name: str) -> ast.expr:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    raise AssertionError(f"{name}= missing")


def _string_list(tree: ast.Module, name: str) -> list[str]:  # names assigned as a list of strings in the spec
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    raise AssertionError(f"{name} not assigned in the spec")


def test_spec_freezes_every_task_module_from_the_one_list() -> None:
    tree = _spec_tree()
    imported = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "tasks"]
    assert imported and any(alias.name == "TASK_MODULES" for alias in imported[0].names)
    hidden = ast.unparse(_kw(_call(tree, "Analysis"), "hiddenimports"))
    assert hidden == "HIDDEN_IMPORTS"
    assert "*TASK_MODULES" in ast.unparse(
        next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "HIDDEN_IMPORTS")
    )
    assert "gui.selftest_qt" in _string_list(tree, "HIDDEN_IMPORTS")  # named by a string in main.py
    assert TASK_MODULES, "tasks/__init__.py lists no task"


def test_spec_bundles_resources_and_the_migrations_where_the_code_looks() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in text  # core.paths.resources_dir(): _MEIPASS/resources
    assert '(str(ROOT / "core" / "migrations" / "*.sql"), "core/migrations")' in text  # core/store.py MIGRATIONS_DIR
    from core import paths, store

    assert store.MIGRATIONS_DIR == ROOT / "core" / "migrations"
    assert paths.resources_dir() == ROOT / "resources"
    assert list((ROOT / "core" / "migrations").glob("*.sql"))


def test_spec_is_one_dir_windowed_with_icon_and_version() -> None:
    from installer import freeze_options

    tree = _spec_tree()
    exes = {ast.literal_eval(_kw(call, "name")): call for call in _calls(tree, "EXE")}
    assert set(exes) == {"HaengBot", "haengbot-cli"}
    exe = exes["HaengBot"]
    assert ast.unparse(exe).endswith("**EXE_OPTIONS)")
    # The Windows console twin for scripts and Task Scheduler: same options but a console.
    assert '**{**EXE_OPTIONS, "console": True}' in ast.unparse(exes["haengbot-cli"]).replace("'", '"')
    options = freeze_options.EXE_OPTIONS
    assert options["exclude_binaries"] is True  # one-dir: the libraries go to COLLECT
    assert options["console"] is False and options["upx"] is False
    assert ast.literal_eval(_kw(exe, "name")) == "HaengBot"
    assert "haengbot.ico" in ast.unparse(_kw(exe, "icon"))
    assert "version_info(__version__)" in ast.unparse(_kw(exe, "version"))
    collect = _call(tree, "COLLECT")
    assert ast.literal_eval(_kw(collect, "name")) == "HaengBot" and "**COLLECT_OPTIONS" in ast.unparse(collect)
    assert "*executables" in ast.unparse(collect)
    assert "excludes=EXCLUDES" in SPEC.read_text(encoding="utf-8") and "prune(a, workpath)" in SPEC.read_text(encoding="utf-8")


def test_spec_excludes_unused_qt_but_keeps_every_module_the_gui_imports() -> None:
    from installer import freeze_options

    excluded = {name.removeprefix("PySide6.") for name in freeze_options.QT_EXCLUDES}
    assert set(freeze_options.QT_EXCLUDES) <= set(freeze_options.EXCLUDES)
    assert {"QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia", "Qt3DCore", "QtPdf"} <= excluded
    used = set()
    for path in [*(ROOT / "gui").rglob("*.py"), ROOT / "installer" / "render_icons.py"]:
        used |= set(re.findall(r"PySide6\.(Qt[A-Za-z0-9]+)", path.read_text(encoding="utf-8")))
    assert used, "gui/ imports no PySide6 module?"
    assert not (used & excluded), f"the spec excludes Qt modules the GUI uses: {sorted(used & excluded)}"
    assert not ({"QtCore", "QtGui", "QtWidgets", "QtSvg"} & excluded)
    assert "keyrings" in freeze_options.EXCLUDES  # keyrings.alt would write secrets in plaintext


def test_pruning_keeps_korean_and_drops_what_is_never_loaded() -> None:
    from installer.freeze_options import keep

    assert keep("PySide6/Qt/translations/qtbase_ko.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/qml/QtQuick/libqtquick2plugin.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqeglfs.so")
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so") and keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6\\plugins\\platforms\\qwindows.dll") and keep("resources/icons/haengbot.ico")


def test_main_calls_freeze_support_first_in_a_child() -> None:
    tree = ast.parse((ROOT / "main.py").read_text(encoding="utf-8"))
    guard = next(n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test))
    first = guard.body[0]
    assert isinstance(first, ast.If) and ast.unparse(first.test) == "multiprocessing_child(sys.argv)"
    assert [ast.unparse(n) for n in first.body] == ["import multiprocessing", "multiprocessing.freeze_support()"]
    assert "import multiprocessing" not in (ROOT / "main.py").read_text(encoding="utf-8").split("def ")[0]  # not at the top


def _child_command_lines(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines multiprocessing gives a frozen program's children: a spawned job, the resource tracker."""
    import subprocess
    import sys
    from multiprocessing import spawn

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    job = spawn.get_command_line(tracker_fd=5, pipe_handle=7)
    tracker = [
        sys.executable,
        *subprocess._args_from_interpreter_flags(),
        "-c",
        "from multiprocessing.resource_tracker import main;main(5)",
    ]  # type: ignore[attr-defined]
    return [job, tracker]


def test_only_a_process_multiprocessing_started_counts_as_its_child(monkeypatch: pytest.MonkeyPatch) -> None:
    from main import multiprocessing_child

    job, tracker = _child_command_lines(monkeypatch)
    assert job[1] == "--multiprocessing-fork" and multiprocessing_child(job)
    assert multiprocessing_child(tracker)
    for argv in (["HaengBot"], ["HaengBot", "list"], ["HaengBot", "--self-test"], ["HaengBot", "run", "overtime-pay", "--yes"]):
        assert not multiprocessing_child(argv)


def test_our_runtime_hook_replaces_pyinstallers_and_acts_only_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """prune() swaps PyInstaller's pyi_rth_multiprocessing (multiprocessing at every start) for ours; ours
    imports multiprocessing and points freeze_support at the child's entry only in a child process."""
    import sys
    from types import SimpleNamespace

    from installer import freeze_options

    theirs = ("pyi_rth_multiprocessing", "/x/pyi_rth_multiprocessing.py", "PYSOURCE")
    ours = ("rth_multiprocessing", freeze_options.RUNTIME_HOOKS[0], "PYSOURCE")
    main = ("main", "/x/main.py", "PYSOURCE")
    analysis = SimpleNamespace(scripts=[theirs, ours, main], binaries=[], datas=[])
    freeze_options.prune(analysis, "/nonexistent")
    assert analysis.scripts == [ours, main]
    with pytest.raises(SystemExit):  # a spec that forgot runtime_hooks=RUNTIME_HOOKS would ship no child handling
        freeze_options.prune(SimpleNamespace(scripts=[theirs, main], binaries=[], datas=[]), "/nonexistent")

    hook = Path(freeze_options.RUNTIME_HOOKS[0]).read_text(encoding="utf-8")
    job, _tracker = _child_command_lines(monkeypatch)
    import multiprocessing
    import multiprocessing.spawn

    stock = multiprocessing.freeze_support
    for module, name in (
        (multiprocessing, "freeze_support"),
        (multiprocessing.spawn, "freeze_support"),
        (multiprocessing.process, "ORIGINAL_DIR"),
    ):
        monkeypatch.setattr(module, name, getattr(module, name))  # put back after the test
    monkeypatch.setattr(sys, "argv", ["HaengBot"])
    exec(compile(hook, "rth_multiprocessing.py", "exec"), {})
    assert multiprocessing.freeze_support is stock  # the window: left alone
    monkeypatch.setattr(sys, "argv", job)
    exec(compile(hook, "rth_multiprocessing.py", "exec"), {})
    assert multiprocessing.freeze_support is not stock  # a child: diverted to spawn_main
    assert multiprocessing.spawn.freeze_support is multiprocessing.freeze_support


def test_version_resource_numbers_come_from_core_version() -> None:
    from core import __version__
    from installer import version_info

    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3.4") == (1, 2, 3, 4)
    assert version_info.version_tuple("0.2.0rc1") == (0, 2, 0, 1)
    assert len(version_info.version_tuple(__version__)) == 4
    with pytest.raises(ValueError):
        version_info.version_tuple("70000.0")
    assert version_info.strings(__version__)["ProductVersion"] == __version__


def test_version_resource_builds_where_pyinstaller_is_installed() -> None:
    pytest.importorskip("PyInstaller.utils.win32.versioninfo")  # importable on Windows only
    from installer import version_info

    info = version_info.version_info("0.1.0")
    assert "ProductVersion" in str(info) and "0412" in str(info) and "04B0" in str(info).upper()


def _iss_sections() -> dict[str, list[tuple[str, str]]]:
    """{section: [(line, comment block just above it)]} for every setting line of the .iss."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current, comments = "", []
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line:
            comments = []
        elif line.startswith(";"):
            comments.append(line)
        elif line.startswith("#"):
            comments = []
        elif line.startswith("[") and line.endswith("]"):
            current, comments = line[1:-1], []
            sections[current] = []
        else:
            sections[current].append((line, " ".join(comments)))
    return sections


def test_inno_script_is_per_user_korean_with_shortcuts_named_haengbot() -> None:
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Korean text on any compiler code page
    sections = _iss_sections()
    setup = dict(line.split("=", 1) for line, _ in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{autopf}\HaengBot"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppName"] == "행봇"
    assert setup["SetupIconFile"] == r"..\resources\icons\haengbot.ico"
    languages = " ".join(line for line, _ in sections["Languages"])
    assert r'MessagesFile: "compiler:Languages\Korean.isl"' in languages
    icons = [line for line, _ in sections["Icons"]]
    assert any(line.startswith(r'Name: "{autoprograms}\행봇"') for line in icons)
    assert any(line.startswith(r'Name: "{autodesktop}\행봇"') and "Tasks: desktopicon" in line for line in icons)
    # Upgrades replace the program folder's libraries but never name the data folder.
    text = ISS.read_text(encoding="utf-8-sig")
    assert r'Type: filesandordirs; Name: "{app}\_internal"' in text
    assert "{localappdata}" not in text and "{userappdata}" not in text


def test_every_inno_setting_is_explained_by_a_comment() -> None:
    unexplained = [
        f"[{name}] {line}"
        for name, lines in _iss_sections().items()
        for line, comment in lines
        if not comment and not line.startswith("ArchitecturesInstallIn64BitMode")
    ]
    assert unexplained == []


def test_windows_workflow_builds_tests_self_tests_and_uploads_the_installer() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for needle in (
        "runs-on: windows-",
        "actions/setup-python@",
        'python-version: "3.11"',
        "-m pytest",
        "installer/haengbot.spec",
        "--self-test",
        "ISCC",
        "installer\\haengbot.iss",
        "actions/upload-artifact@",
    ):
        assert needle in text, needle
    commands = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert len(commands) > 20


def test_desktop_file_and_icons() -> None:
    desktop = (INSTALLER / "haengbot.desktop").read_text(encoding="utf-8").splitlines()
    assert desktop[0] == "[Desktop Entry]"
    entries = dict(line.split("=", 1) for line in desktop[1:] if "=" in line and not line.startswith("#"))
    assert entries["Name"] == "행봇" and entries["Type"] == "Application" and entries["Icon"] == "haengbot"
    assert entries["Exec"] == '"@BUNDLE@/HaengBot"' and entries["Terminal"] == "false"
    icons = ROOT / "resources" / "icons"
    assert (icons / "haengbot.svg").exists()  # the source the PNGs and the ICO are rendered from
    for size in ICON_SIZES:
        png = (icons / f"haengbot-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    ico = (icons / "haengbot.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(ICON_SIZES))
    sizes = sorted((ico[6 + 16 * i] or 256) for i in range(count))
    assert sizes == list(ICON_SIZES)
    for i in range(count):  # 32-bit DIBs below 256 px, PNG at 256 px: the layout every Windows tool reads
        size = ico[6 + 16 * i] or 256
        length, offset = struct.unpack("<II", ico[6 + 16 * i + 8 : 6 + 16 * i + 16])
        payload = ico[offset : offset + length]
        if size == 256:
            assert payload[:8] == b"\x89PNG\r\n\x1a\n"
        else:
            assert struct.unpack("<IiiHH", payload[:16]) == (40, size, 2 * size, 1, 32)


def test_make_bundle_is_documented_and_wired() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^bundle: ", makefile, re.M)
    assert "installer/build-linux.sh" in makefile
    build = (ROOT / "requirements-build.txt").read_text(encoding="utf-8")
    assert re.search(r"^pyinstaller==\d", build, re.M) and "-r requirements.txt" in build
