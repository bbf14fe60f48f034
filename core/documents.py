"""Document inputs: statute texts, HWPX templates, saved bundles, read into typed records.

A task declares them with ``DocumentInput`` beside its tables; the clerk passes them with the same
``--input NAME=PATH`` (a folder for a folder input, the option repeated for several files). Every
file passes the reader's own guard first (regular files only, ``reader.max_file_mb``), an HWPX
passes the zip-bomb guard, XML is refused when it declares a DTD or entities (``defusedxml`` is not
a dependency; expat would expand a billion laughs), and each bad file stops the run with a Korean
message that names it. A folder is read as one set: every regular file of an accepted format
directly inside it, in name order; hidden files and Office lock files (``~$…``) are not documents.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from xml.etree import ElementTree
from xml.parsers import expat

from core.errors import InputError, Location
from core.frontmatter import FrontmatterError, parse_frontmatter, split_frontmatter
from core.input_guard import check_regular_file, max_file_bytes, too_big_hint, too_big_text
from core.spec import DocumentInput, DocumentKind, TaskSpec
from core.xlsx_guard import inspect_zip

if TYPE_CHECKING:
    from core.context import RunContext

HWPX_MIMETYPE = b"application/hwp+zip"


@dataclass(frozen=True)
class Document:
    """One file as read: its bytes, size and SHA-256 (listed in 실행정보). Formats with no reader stay this."""

    path: Path
    format: str
    size: int
    sha256: str
    data: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def text(self) -> str:
        return _decode(self.data, self.path)


@dataclass(frozen=True)
class XmlDocument(Document):
    root: ElementTree.Element = field(repr=False, default_factory=lambda: ElementTree.Element("empty"))


@dataclass(frozen=True)
class JsonDocument(Document):
    content: Any = None


@dataclass(frozen=True)
class MarkdownDocument(Document):
    """A statute or ordinance in the legalize-kr layout: the ``---`` header as text values, then the body."""

    front: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class HwpxDocument(Document):
    """An HWPX (한글) file: a zip that opened, passed the bomb guard and carries the HWPX mimetype."""

    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentChoice:
    """What the clerk gave one document input: a file, several files, or one folder."""

    paths: tuple[Path, ...]

    @property
    def path(self) -> Path:
        """The folder or the first file: what run history and the window name the input by."""
        return self.paths[0]


@dataclass(frozen=True)
class DocumentSet:
    """The documents of one input, in the order read; a task iterates it or looks one up by file name."""

    spec: DocumentInput
    documents: tuple[Document, ...]
    source: Path | None = None  # the folder, for a folder input

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def by_name(self, name: str) -> Document:
        for doc in self.documents:
            if doc.name == name:
                return doc
        raise KeyError(name)


# ---------------------------------------------------------------------------- choosing
def as_document_choice(value: Any) -> DocumentChoice:
    if isinstance(value, DocumentChoice):
        return value
    if isinstance(value, (str, Path)):
        return DocumentChoice((Path(value),))
    if hasattr(value, "path") and isinstance(value.path, Path):  # an InputChoice from an older caller
        return DocumentChoice((value.path,))
    return DocumentChoice(tuple(Path(v) for v in value))


def split_inputs(task: TaskSpec, given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, DocumentChoice]]:
    """(table inputs, document inputs) of what was given, by the names the task declares."""
    names = {spec.name for spec in task.documents}
    tables = {k: v for k, v in given.items() if k not in names}
    documents = {k: as_document_choice(v) for k, v in given.items() if k in names}
    return tables, documents


def formats_text(spec: DocumentInput) -> str:
    return ", ".join(spec.formats)


def gather(spec: DocumentInput, choice: DocumentChoice) -> list[Path]:
    """The files one input stands for; a Korean ``InputError`` for a wrong shape (a file for a folder, …)."""
    paths = list(dict.fromkeys(choice.paths))
    if not paths:
        raise InputError(f"'{spec.title}'({spec.name})에 파일이 지정되지 않았습니다.")
    if spec.kind is DocumentKind.FOLDER:
        if len(paths) > 1:
            raise InputError(f"'{spec.title}'({spec.name})에는 폴더를 하나만 지정하십시오.")
        folder = paths[0]
        if not folder.is_dir():
            raise InputError(
                "폴더가 아닙니다." if folder.exists() else "폴더가 없습니다.",
                Location(str(folder)),
                f"'{spec.title}'에는 문서({formats_text(spec)})가 든 폴더를 지정하십시오.",
            )
        try:
            members = sorted(
                p for p in folder.iterdir() if not p.name.startswith((".", "~$")) and spec.accepts(p) and not p.is_dir()
            )
        except OSError as exc:
            raise InputError(f"폴더를 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", Location(str(folder))) from None
        if not members:
            raise InputError(f"폴더에 읽을 문서({formats_text(spec)})가 없습니다.", Location(str(folder)))
        return members
    if spec.kind is DocumentKind.FILE and len(paths) > 1:
        raise InputError(f"'{spec.title}'({spec.name})에는 파일을 하나만 지정하십시오. 받은 파일: {len(paths)}개")
    for path in paths:
        if path.is_dir():
            raise InputError("파일이 아니라 폴더입니다.", Location(str(path)), f"'{spec.title}'에는 파일을 지정하십시오.")
        if not spec.accepts(path):
            raise InputError(
                f"'{spec.title}'에 넣을 수 없는 형식입니다({path.suffix or '확장자 없음'}).",
                Location(str(path)),
                f"받는 형식: {formats_text(spec)}",
            )
    return paths


# ---------------------------------------------------------------------------- reading
def read_document(path: Path, limit: int | None = None) -> Document:
    """One file into its typed record by suffix; a Korean ``InputError`` naming the file if it cannot be used."""
    limit = max_file_bytes() if limit is None else limit
    check_regular_file(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"파일을 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", Location(str(path))) from None
    if len(data) > limit:  # grew after stat
        raise InputError(too_big_text(-1, limit), Location(str(path)), too_big_hint())
    fmt = path.suffix.lower()
    base = (path, fmt, len(data), hashlib.sha256(data).hexdigest(), data)  # Document's fields, in order
    if fmt == ".xml":
        return XmlDocument(*base, root=parse_xml(data, path))
    if fmt == ".json":
        return JsonDocument(*base, content=_parse_json(data, path))
    if fmt == ".md":
        front, body = _parse_markdown(data, path)
        return MarkdownDocument(*base, front=front, body=body)
    if fmt == ".hwpx":
        return HwpxDocument(*base, members=hwpx_members(data, path))
    return Document(*base)


def read_documents(task: TaskSpec, given: Mapping[str, DocumentChoice], ctx: RunContext | None = None) -> dict[str, DocumentSet]:
    """Every declared document input that was given, each as one set; complain about missing ones."""
    for spec in task.documents:
        if spec.required and spec.name not in given:
            raise InputError(
                f"필수 입력 '{spec.name}'({spec.title}) {'폴더가' if spec.kind is DocumentKind.FOLDER else '파일이'} 지정되지 않았습니다.",
                hint=f"--input {spec.name}={'폴더경로' if spec.kind is DocumentKind.FOLDER else '파일경로'} 로 지정하십시오.",
            )
    limit = max_file_bytes()
    sets: dict[str, DocumentSet] = {}
    for spec in task.documents:
        if spec.name not in given:
            continue
        choice = given[spec.name]
        paths = gather(spec, choice)
        docs: list[Document] = []
        total = 0
        for i, path in enumerate(paths):
            if ctx is not None:
                ctx.progress(i, len(paths), f"'{spec.title}' 문서 읽는 중: {path.name}")
            doc = read_document(path, limit)
            total += doc.size
            if total > limit:
                raise InputError(
                    f"'{spec.title}' 문서들을 합친 크기가 읽을 수 있는 크기({limit >> 20:,}MB)를 넘습니다.",
                    Location(str(path)),
                    too_big_hint(),
                )
            docs.append(doc)
        source = choice.path if spec.kind is DocumentKind.FOLDER else None
        sets[spec.name] = DocumentSet(spec, tuple(docs), source)
    return sets


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"UTF-8 글자가 아닌 내용이 있습니다({exc.start:,}번째 바이트).",
            Location(str(path)),
            "메모장 등에서 'UTF-8'로 다시 저장한 뒤 선택하십시오.",
        ) from None


class _Refused(Exception):
    pass


def parse_xml(data: bytes, path: Path) -> ElementTree.Element:
    """Parse XML with every DTD refused first: no entity (billion laughs), no external entity, no DOCTYPE.

    law.go.kr's DRF answers carry none, so refusing them costs nothing real.
    """
    scanner = expat.ParserCreate()

    def refuse(*_args: Any) -> NoReturn:
        raise _Refused

    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse
    try:
        scanner.Parse(data, True)
    except _Refused:
        raise InputError(
            "XML 안에 문서형 선언(DOCTYPE)이나 엔터티 선언이 있어 읽지 않았습니다(안전을 위해).",
            Location(str(path)),
            "법령 정보 누리집에서 받은 원본 XML을 그대로 지정하십시오.",
        ) from None
    except expat.ExpatError as exc:
        raise InputError(
            f"XML 형식이 맞지 않습니다({exc.lineno}행 {exc.offset + 1}번째 글자 부근).",
            Location(str(path)),
        ) from None
    return ElementTree.fromstring(data)


def _parse_json(data: bytes, path: Path) -> Any:
    text = _decode(data, path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 형식이 맞지 않습니다({exc.lineno}행 {exc.colno}번째 글자).", Location(str(path))) from None


def _parse_markdown(data: bytes, path: Path) -> tuple[dict[str, Any], str]:
    text = _decode(data, path)
    try:
        header, body, _first = split_frontmatter(text)
        front = parse_frontmatter(header) if header is not None else {}
    except FrontmatterError as exc:
        raise InputError(
            f"머리말(---) {exc.line}행을 읽을 수 없습니다: {exc.reason}.",
            Location(str(path)),
            "법령·자치법규 원본 파일의 맨 위 '---' 사이 부분을 고치지 않은 파일을 지정하십시오.",
        ) from None
    return front, body


def hwpx_members(data: bytes, path: Path) -> tuple[str, ...]:
    """The zip's member names, after the bomb guard; the first member must be the HWPX mimetype."""
    try:
        inspect_zip(path, data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = tuple(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError):
        raise InputError(
            "HWPX 파일이 아니거나 손상되었습니다(압축을 열 수 없음).",
            Location(str(path)),
            "한글에서 파일을 열어 'HWPX'로 다시 저장한 뒤 선택하십시오.",
        ) from None
    if mimetype.strip() != HWPX_MIMETYPE:
        raise InputError(
            "HWPX 문서가 아닙니다(압축 안에 한글 문서 표시(mimetype)가 없습니다).",
            Location(str(path)),
            "한글에서 파일을 열어 'HWPX'로 다시 저장한 뒤 선택하십시오.",
        )
    return names


def document_status(path: Path, limit: int | None = None) -> str:
    """The picker's per-file status: '' when the file reads cleanly, else the Korean reason (no file name)."""
    try:
        read_document(path, limit)
    except InputError as exc:
        return exc.message
    return ""


def describe_paths(choice: DocumentChoice) -> str:
    """The paths of one choice as one line (run history keeps one text per input)."""
    return "; ".join(str(p) for p in choice.paths)


def all_paths(given: Mapping[str, Any], names: Sequence[str]) -> list[tuple[str, Path]]:
    """(input name, path) for every path of the named document inputs; the runner checks the output against them."""
    out: list[tuple[str, Path]] = []
    for name in names:
        if name in given:
            out.extend((name, p) for p in as_document_choice(given[name]).paths)
    return out


@dataclass(frozen=True)
class Survey:
    """What the wizard's picker lists: each file found with '' (readable) or its Korean reason."""

    files: tuple[tuple[Path, str], ...] = ()
    error: str = ""  # the input as a whole cannot be used (not a folder, nothing in it, wrong format)

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.files) and all(not reason for _path, reason in self.files)


def survey(spec: DocumentInput, choice: DocumentChoice, progress: Callable[[int, int, str], None] | None = None) -> Survey:
    """Every file one choice stands for, each read exactly as the run will read it (the picker's status list)."""
    try:
        paths = gather(spec, choice)
    except InputError as exc:
        return Survey((), str(exc))
    limit = max_file_bytes()
    found = []
    for i, path in enumerate(paths):
        if progress is not None:
            progress(i, len(paths), f"'{path.name}' 확인 중")
        found.append((path, document_status(path, limit)))
    return Survey(tuple(found))
