"""How 행봇 is frozen, shared by installer/haengbot.spec and the bare-window baseline of benchmarks/startup.py.

Both builds import these, so the start-up comparison is between two programs frozen exactly the same way.
Nothing here imports PyInstaller; the spec calls these functions on its Analysis lists.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

# The GUI uses QtCore, QtGui and QtWidgets (plus QtSvg for the icon). Everything else in PySide6 stays out.
QT_EXCLUDES = [
    "PySide6." + name
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtAxContainer",
        "QtBluetooth",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDBus",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtPrintSupport",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtSvgWidgets",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    )
]
# Test tools, other Qt bindings and optional extras that libraries mention but 행봇 never calls.
# keyrings (keyrings.alt) must never ship: it would become the default backend and write plaintext.
PY_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "PyQt5",
    "PyQt6",
    "IPython",
    "matplotlib",
    "scipy",
    "pyarrow",
    "numba",
    "sqlalchemy",
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "msoffcrypto",
    "keyrings",
    "setuptools",
    "pip",
    "pydoc_data",
    "lib2to3",
    "jinja2",
    "bs4",
    "lxml",
    "html5lib",
    "fsspec",
    "tables",
    "xlwt",
    "odf",
    "pyxlsb",
]
EXCLUDES = QT_EXCLUDES + PY_EXCLUDES

# Files the hooks collect that 행봇 never loads: QML/Quick/3D plugins, embedded-Linux platform plugins.
DROP_PREFIXES = (
    "PySide6/Qt/qml/",
    "PySide6/qml/",
    "PySide6/Qt/plugins/platforms/libqeglfs",
    "PySide6/Qt/plugins/platforms/libqlinuxfb",
    "PySide6/Qt/plugins/platforms/libqvnc",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay",
    "PySide6/Qt/plugins/platforms/libqminimalegl",
    "PySide6/Qt/plugins/egldeviceintegrations/",
    "PySide6/Qt/plugins/qmltooling/",
    "PySide6/Qt/plugins/sceneparsers/",
    "PySide6/Qt/plugins/renderers/",
    "PySide6/plugins/platforms/qdirect2d",
    "PySide6/plugins/qmltooling/",
)
KEEP_TRANSLATIONS = ("_ko.qm",)  # Qt's own dialog texts: Korean only


def keep(dest: str) -> bool:
    dest = dest.replace("\\", "/")
    if dest.startswith(DROP_PREFIXES):
        return False
    if "/translations/" in dest and dest.endswith(".qm"):
        return dest.endswith(KEEP_TRANSLATIONS)
    return True


def strip_interpreter(entry: tuple, workpath: str) -> tuple:
    """Linux: the interpreter's own libraries (libpython, lib-dynload) may carry debug info (about 25 MB here).

    Only those are stripped, with --strip-debug; wheels' libraries are left alone, since stripping a library
    that auditwheel patched can break it.
    """
    dest, src, kind = entry
    if not src or not Path(src).resolve().is_relative_to(Path(sys.base_prefix).resolve()):
        return entry
    stripped = Path(workpath) / "stripped" / dest
    stripped.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, stripped)
    if subprocess.run(["strip", "--strip-debug", str(stripped)], capture_output=True).returncode != 0:
        return entry
    return (dest, str(stripped), kind)


# PyInstaller's own multiprocessing runtime hook imports multiprocessing at every start; ours (runtime_hooks=RUNTIME_HOOKS
# in both specs) does the same work only in a child process. prune() drops theirs.
RUNTIME_HOOKS = [str(Path(__file__).with_name("rth_multiprocessing.py"))]
REPLACED_RUNTIME_HOOKS = {"pyi_rth_multiprocessing"}


def prune(analysis: object, workpath: str) -> None:
    """Drop what `keep` refuses and the runtime hooks ours replace and, on Linux, strip the interpreter's libraries;
    in place on an Analysis."""
    scripts = [entry for entry in analysis.scripts if entry[0] not in REPLACED_RUNTIME_HOOKS]  # type: ignore[attr-defined]
    if not any(entry[0] == "rth_multiprocessing" for entry in scripts):
        raise SystemExit("installer/rth_multiprocessing.py is not among the runtime hooks: pass runtime_hooks=RUNTIME_HOOKS")
    analysis.scripts = scripts  # type: ignore[attr-defined]
    binaries = [entry for entry in analysis.binaries if keep(entry[0])]  # type: ignore[attr-defined]
    if sys.platform.startswith("linux") and shutil.which("strip"):
        binaries = [strip_interpreter(entry, workpath) for entry in binaries]
    analysis.binaries = binaries  # type: ignore[attr-defined]
    analysis.datas = [entry for entry in analysis.datas if keep(entry[0])]  # type: ignore[attr-defined]


# EXE/COLLECT options both builds use: windowed, no UPX (slow start, antivirus heuristics), not stripped by
# PyInstaller (see strip_interpreter for what is).
EXE_OPTIONS = {"console": False, "upx": False, "strip": False, "debug": False, "exclude_binaries": True}
COLLECT_OPTIONS = {"upx": False, "strip": False}
