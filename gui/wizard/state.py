"""What the clerk has chosen so far, shared by the wizard's pages. No widgets here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.reader import HeaderMatch
from core.runner import InputChoice
from core.settings import Settings
from core.spec import TableInput, TaskSpec
from gui.jobs_work import CheckReport, FilePreview, RunReply


@dataclass
class InputState:
    spec: TableInput
    path: Path | None = None
    preview: FilePreview | None = None
    error: str | None = None
    sheet: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)  # canonical -> header label the clerk chose
    match: HeaderMatch | None = None
    layout: str | None = None

    @property
    def ready(self) -> bool:
        if self.path is None:
            return not self.spec.required
        return self.error is None and self.match is not None and not self.match.missing


@dataclass
class WizardState:
    task: TaskSpec
    inputs: dict[str, InputState] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    check: CheckReport | None = None
    reply: RunReply | None = None
    output: Path | None = None

    def __post_init__(self) -> None:
        if not self.inputs:
            self.inputs = {spec.name: InputState(spec) for spec in self.task.inputs}

    def choices(self) -> dict[str, InputChoice]:
        return {
            name: InputChoice(st.path, st.sheet, dict(st.overrides)) for name, st in self.inputs.items() if st.path is not None
        }

    def heavy(self) -> bool:
        """True when the job reads an input file: then it runs in a child process, whatever the size.

        A file that makes the reader's native code abort (issue 10) must take only the child with it.
        """
        return any(st.path is not None for st in self.inputs.values())

    def new_output_path(self) -> Path:
        folder = Settings().output_dir()
        folder.mkdir(parents=True, exist_ok=True)
        title = re.sub(r'[\\/:*?"<>|↔]+', "-", self.task.title).replace(" - ", "-").strip()
        stamp = dt.datetime.now().strftime("%Y%m%d_%H%M%S")
        path = folder / f"{title}_{stamp}.xlsx"
        n = 2
        while path.exists():
            path = folder / f"{title}_{stamp}_{n}.xlsx"
            n += 1
        return path
