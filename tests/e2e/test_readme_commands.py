"""Every command in the README works as typed (issue 10, "the newcomer's path").

Each ```sh block of README.md is a list of commands a person copies. Lines that start with
`.venv/bin/python main.py` are run for real, in order, from a scratch folder laid out like the checkout
(so `sample … --dir 예시` and then `run … --input x=예시/…` work as they do for a newcomer); each must
exit 0. Lines that start with `make` must name a target the Makefile has. Inline `…/python main.py`
spans in the prose must use the same runnable form. Placeholder-only commands belong in ```text blocks.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RUNNABLE = ".venv/bin/python "


def _sh_blocks(text: str) -> list[list[str]]:
    blocks = re.findall(r"^```(?:sh|bash)\n(.*?)^```", text, flags=re.S | re.M)
    commands: list[list[str]] = []
    for block in blocks:
        joined = re.sub(r"\\\n\s*", " ", block)
        lines = []
        for raw in joined.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            lines.append(line)
        commands.append(lines)
    return commands


def _strip_comment(line: str) -> str:
    return shlex.join(shlex.split(line, comments=True))


def test_readme_names_runnable_python_commands_only() -> None:
    """A bare `python main.py` fails on a fresh machine (no such command, or no packages): say `.venv/bin/python`."""
    text = README.read_text(encoding="utf-8")
    bare = [m.group(0) for m in re.finditer(r"(?<![/\w])python3? (?:main\.py|benchmarks/|scripts/)\S*", text)]
    assert bare == [], f"README commands that fail as typed: {bare}"


def test_readme_make_targets_exist() -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    named = set(re.findall(r"`(?:xvfb-run -a )?make ([\w-]+)`", README.read_text(encoding="utf-8")))
    for block in _sh_blocks(README.read_text(encoding="utf-8")):
        named |= {line.split()[1] for line in block if line.startswith("make ")}
    assert named, "the README names no make target"
    assert named <= targets, f"README names make targets the Makefile lacks: {sorted(named - targets)}"


def test_readme_cli_commands_run_as_typed(tmp_path: Path) -> None:
    commands = [
        _strip_comment(line)
        for block in _sh_blocks(README.read_text(encoding="utf-8"))
        for line in block
        if line.startswith(RUNNABLE + "main.py")
    ]
    assert len(commands) >= 5, commands
    work = tmp_path / "checkout"
    work.mkdir()
    (work / ".venv").symlink_to(Path(sys.prefix))  # the venv `make test` made, as a newcomer has it
    (work / "main.py").symlink_to(ROOT / "main.py")
    env = dict(os.environ)
    env.update(
        {
            "HAENGBOT_HOME": str(tmp_path / "home"),
            "HAENGBOT_OUTPUT_DIR": str(tmp_path / "out"),
            "HAENGBOT_SETTING_ORG_SIDO": "경기도",
            "HAENGBOT_SETTING_ORG_SIGUNGU": "광주시",
        }
    )
    env.pop("QT_QPA_PLATFORM", None)
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=work, env=env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
