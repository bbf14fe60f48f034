"""The task contract: a task is declared once, and the CLI, the GUI and the docs read the declaration."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.options import Option, OptionType

if TYPE_CHECKING:
    from core.context import RunContext
    from core.notify.preview import SendPreview
    from core.reader import Table
    from core.result import Result


class ColumnType(StrEnum):
    TEXT = "text"
    CODE = "code"  # identifiers: read as text, leading zeros kept
    INTEGER = "integer"
    MONEY = "money"  # int won
    NUMBER = "number"  # Decimal, e.g. hours 12.5
    HOURS = "hours"  # Decimal hours; also accepts 12:30 and 12시간 30분
    DATE = "date"
    TIME = "time"  # minutes after midnight; 25:30 allowed for past-midnight
    DATETIME = "datetime"
    MONTH = "month"  # canonical 'YYYY-MM'
    PHONE = "phone"
    RRN = "rrn"  # 주민등록번호; never leaves memory unmasked
    CHOICE = "choice"


TYPE_LABELS = {
    ColumnType.TEXT: "글자",
    ColumnType.CODE: "코드(글자)",
    ColumnType.INTEGER: "정수",
    ColumnType.MONEY: "금액(원)",
    ColumnType.NUMBER: "숫자",
    ColumnType.HOURS: "시간",
    ColumnType.DATE: "날짜",
    ColumnType.TIME: "시각",
    ColumnType.DATETIME: "일시",
    ColumnType.MONTH: "연월",
    ColumnType.PHONE: "전화번호",
    ColumnType.RRN: "주민등록번호",
    ColumnType.CHOICE: "선택값",
}


@dataclass(frozen=True)
class Column:
    """One declared column: its canonical Korean name, the names other systems use, and its type."""

    name: str
    type: ColumnType = ColumnType.TEXT
    synonyms: tuple[str, ...] = ()
    required: bool = True
    help: str = ""
    # For CHOICE: accepted spellings -> canonical value.
    choices: Mapping[str, str] | None = None
    example: str = ""

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class TableInput:
    """A named table input (xlsx, xls or CSV)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    required: bool = True
    help: str = ""
    # What one row is ("1인 1일"), for the wizard's explanation.
    row_meaning: str = ""
    # Several files make one table (a folder, or ``--input NAME=FILE`` repeated): each is read with the
    # same columns and the rows are concatenated, each keeping its 원본 위치 (file, sheet, row). Lists
    # that arrive from different senders in different layouts (issue 16) are one input, not N.
    multiple: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


class DocumentKind(StrEnum):
    """How many documents one input takes: one file, several files, or every file in a folder."""

    FILE = "file"
    FILES = "files"
    FOLDER = "folder"


DOCUMENT_KIND_LABELS = {DocumentKind.FILE: "파일 1개", DocumentKind.FILES: "파일 여러 개", DocumentKind.FOLDER: "폴더"}


@dataclass(frozen=True)
class DocumentInput:
    """A named document input beside the tables: statute texts, an HWPX template, a saved bundle.

    *formats* are the lower-case suffixes accepted (``.xml``, ``.json``, ``.md``, ``.hwpx``, ``.txt``);
    core/documents.py reads each into a typed record. A folder input reads every regular file of
    those formats directly inside the folder, as one set.
    """

    name: str
    title: str
    kind: DocumentKind = DocumentKind.FILE
    formats: tuple[str, ...] = (".md",)
    required: bool = True
    help: str = ""

    def __post_init__(self) -> None:
        if not self.formats or any(not f.startswith(".") or f != f.lower() for f in self.formats):
            raise ValueError(f"document input {self.name!r}: formats are lower-case suffixes such as '.md'")

    def accepts(self, path: Path) -> bool:
        return path.suffix.lower() in self.formats


@dataclass(frozen=True)
class Artifact:
    """A document the task writes beside the result workbook: ``<workbook stem>_<name><suffix>``.

    *kind* says what it is for the clerk (``공고문``, ``업로드 파일``); core/artifacts.py writes it
    atomically and lists it with its SHA-256 in 실행정보.
    """

    name: str
    title: str
    suffix: str
    kind: str = ""
    required: bool = True

    def __post_init__(self) -> None:
        """The name becomes part of a file name: no folder separators, no characters Windows refuses."""
        if not self.name or any(ch in self.name for ch in '\\/:*?"<>|') or not self.suffix.startswith("."):
            raise ValueError(f"artifact {self.name!r}{self.suffix!r}: a plain name and a suffix such as '.pdf'")

    def path_beside(self, workbook: Path) -> Path:
        return workbook.with_name(f"{workbook.stem}_{self.name}{self.suffix}")


# A task's params are options (core.options): one record for params and settings alike.
ParamType = OptionType
Param = Option


def secret_env_var(cred_id: str) -> str:
    """``solapi-api-key`` -> ``HAENGBOT_SECRET_SOLAPI_API_KEY``: where an unattended run passes a secret.

    The one place that spells the name: the keyring lookup, the CLI's ``describe``, the 인증 정보 window and
    every "not stored" message call it, so they can never disagree.
    """
    return "HAENGBOT_SECRET_" + cred_id.upper().replace("-", "_").replace(".", "_")


@dataclass(frozen=True)
class Credential:
    id: str
    label: str
    where: str = ""  # where a clerk obtains it

    @property
    def env_var(self) -> str:
        return secret_env_var(self.id)


PreviewFn = Callable[[Mapping[str, "Table"], Mapping[str, Any], "RunContext"], "SendPreview"]
# The first argument maps each given input's name to its Table, or to its DocumentSet for a declared
# document input (core/documents.py); a task without document inputs may annotate it Mapping[str, Table].
RunFn = Callable[[Mapping[str, Any], Mapping[str, Any], "RunContext"], "Result"]
SampleFn = Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class TaskSpec:
    id: str
    title: str
    department: str
    description: str
    basis: str
    inputs: tuple[TableInput, ...]
    params: tuple[Param, ...]
    run: RunFn
    credentials: tuple[Credential, ...] = ()
    network: bool = False
    sends_messages: bool = False
    # write_samples(dir: Path) -> {input name: Path}
    write_samples: SampleFn | None = None
    # Outcome labels that mark a finding, in the order the summary lists them.
    outcomes: tuple[str, ...] = ()
    # validate(tables, params) -> list of Issues the task finds beyond the column types (e.g. an
    # unknown 직급). The runner marks those rows bad; the GUI's check page lists them.
    validate: Callable[..., Any] | None = None
    # Document inputs beside the table inputs; the task finds each in its inputs mapping as a DocumentSet.
    documents: tuple[DocumentInput, ...] = ()
    # Documents written beside the workbook through ctx.artifact(name).
    artifacts: tuple[Artifact, ...] = ()
    # Settings this task reads (settings.toml, the 설정 dialog's tab titled with the task's title).
    # Declared here, not registered when some module happens to be imported: a fresh GUI that has
    # run nothing still shows them, and ``main.py settings`` knows them.
    settings: tuple[Option, ...] = ()
    # preview(tables, params, ctx) -> SendPreview: what would go out, shown before anything is sent.
    preview: PreviewFn | None = None
    # Extra wizard pages by kind (e.g. "confirm-send"), after the check page; the GUI keeps its own
    # table of page kinds (gui/wizard/hooks.py) and says so in Korean when it lacks one.
    pages: tuple[str, ...] = field(default_factory=tuple)

    def input(self, name: str) -> TableInput:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def document(self, name: str) -> DocumentInput:
        for spec in self.documents:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def artifact(self, name: str) -> Artifact:
        for spec in self.artifacts:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def param(self, name: str) -> Param:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)


def lazy(target: str) -> Callable[..., Any]:
    """``'package.module:function'``, imported on first call.

    Task packages declare their spec with these so that listing tasks (the launcher's first paint,
    ``main.py list``) does not import pandas, openpyxl or requests.
    """
    module_name, _, attr = target.partition(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module_name), attr)(*args, **kwargs)

    call.__name__ = attr
    call.__qualname__ = target
    call.__doc__ = f"Calls {target} (imported on first use)."
    return call
