"""The one-way arrows: gui -> tasks -> core. Nothing under core/ or tasks/ may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_core_and_tasks_never_import_qt() -> None:
    offenders = []
    for package in ("core", "tasks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = _imports(path) & {"PySide6", "shiboken6", "PyQt5", "PyQt6", "gui"}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_core_never_imports_tasks() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py") if "tasks" in _imports(p)]
    assert offenders == []


def test_running_every_task_loads_no_qt() -> None:
    """Also at run time: importing the engine and every task module pulls in no Qt module."""
    code = (
        "import sys; from tasks import registry; import core.cli, core.runner; list(registry()); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_rule_would_catch_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport importlib\nimportlib.import_module('PySide6.QtCore')\n")
    assert "PySide6" in _imports(bad)


def test_listing_tasks_stays_light() -> None:
    """The launcher's first paint and `main.py list` must not wait for pandas, openpyxl or requests:
    task packages declare their spec and import their run code on first use (core.spec.lazy)."""
    code = (
        "import sys; from tasks import registry; specs = list(registry()); "
        "heavy = ('pandas', 'numpy', 'openpyxl', 'requests', 'xlsxwriter', 'python_calamine', 'holidays'); "
        "print(len(specs), sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    count, heavy = out.stdout.strip().split(" ", 1)
    assert int(count) >= 4 and heavy == "[]"


def test_import_linter_contracts_catch_a_violation(tmp_path: Path) -> None:
    """The pyproject contracts are what `make test` checks; prove they break on a core -> gui import and a task -> task import."""
    import shutil

    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        import pytest

        pytest.skip("import-linter is not installed in this venv")
    for package in (
        "core",
        "gui",
        "tasks",
        "tasks/care_voucher_audit",
        "tasks/grant_alerts",
        "tasks/local_income_tax",
        "tasks/overtime_pay",
        "tasks/welfare_sms",
    ):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = subprocess.run([lint], cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    assert clean.returncode == 0, clean.stdout
    (tmp_path / "core" / "bad.py").write_text("import gui\n", encoding="utf-8")
    (tmp_path / "tasks" / "welfare_sms" / "bad.py").write_text("import tasks.overtime_pay\n", encoding="utf-8")
    broken = subprocess.run([lint], cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    assert broken.returncode == 1, broken.stdout
    assert "gui -> tasks -> core BROKEN" in broken.stdout
    assert "no task imports another task BROKEN" in broken.stdout
