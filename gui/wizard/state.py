"""What the clerk has chosen so far, shared by the wizard's pages. No widgets here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.documents import DocumentChoice, Survey
from core.reader import HeaderMatch
from core.runner import InputChoice
from core.settings import Settings
from core.spec import DocumentInput, TableInput, TaskSpec
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
class DocumentState:
    """A document input: the files or the folder chosen, and what the picker found in them."""

    spec: DocumentInput
    paths: list[Path] = field(default_factory=list)
    survey: Survey | None = None

    @property
    def ready(self) -> bool:
        if not self.paths:
            return not self.spec.required
        return self.survey is not None and self.survey.ok


@dataclass
class WizardState:
    task: TaskSpec
    inputs: dict[str, InputState] = field(default_factory=dict)
    documents: dict[str, DocumentState] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    check: CheckReport | None = None
    reply: RunReply | None = None
    output: Path | None = None

    def __post_init__(self) -> None:
        if not self.inputs:
            self.inputs = {spec.name: InputState(spec) for spec in self.task.inputs}
        if not self.documents:
            self.documents = {spec.name: DocumentState(spec) for spec in self.task.documents}

    def choices(self) -> dict[str, InputChoice | DocumentChoice]:
        chosen: dict[str, InputChoice | DocumentChoice] = {}
        for name, st in self.inputs.items():
            if st.path is None:
                continue
            if st.spec.multiple and st.path.is_dir():  # each file of the folder finds its own sheet and header
                chosen[name] = InputChoice(st.path)
            else:
                chosen[name] = InputChoice(st.path, st.sheet, dict(st.overrides))
        chosen.update({name: DocumentChoice(tuple(st.paths)) for name, st in self.documents.items() if st.paths})
        return chosen

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
