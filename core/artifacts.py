"""Artifacts: the documents a run writes beside its workbook (HWPX, PDF, upload files, bundles).

A task writes through ``ctx.artifact(name)``; nothing reaches the final name while the task runs.
Each write goes to a temporary file beside the workbook (``.<name>.<pid>.<random>.tmp<suffix>``,
fsynced), and the runner renames them all just before the workbook itself, after its last cancel
check. A run that fails or is cancelled removes its temporaries and any artifact it had already
renamed; a run killed outright leaves temporaries whose pid is dead, and the next run beside the
same workbook sweeps them, as the writer does for its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.errors import InputError, RunFailed
from core.filemode import fsync_folder, make_shareable
from core.korean import particle
from core.procs import remove_dead_writers_temporaries
from core.spec import Artifact

_CHUNK = 1 << 20


@dataclass(frozen=True)
class WrittenArtifact:
    """One artifact at its final place, as 실행정보, the CLI's ``--json`` and the result page show it."""

    name: str
    title: str
    kind: str
    path: Path
    sha256: str
    size: int


def temp_suffix(suffix: str) -> str:
    return ".tmp" + suffix


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Temporaries for *path* left by a run that was killed (the pid in their name is gone)."""
    return remove_dead_writers_temporaries(path, temp_suffix(path.suffix))


def remove_artifact_temporaries(workbook: Path, specs: Sequence[Artifact]) -> list[Path]:
    """Every declared artifact's temporaries beside *workbook* whose writer is gone (a child ended by force)."""
    removed: list[Path] = []
    for spec in specs:
        removed += remove_stale_temporaries(spec.path_beside(workbook))
    return removed


def check_targets(specs: Sequence[Artifact], workbook: Path, inputs: Sequence[tuple[str, Path]]) -> None:
    """Before anything runs: no artifact may land on an input (exit 2, as for the workbook)."""
    for spec in specs:
        target = spec.path_beside(workbook)
        for name, source in inputs:
            if _same_file(target, source):
                raise InputError(
                    f"결과 문서 '{target.name}'{particle(target.name, '이/가')} 입력 파일 '{source.name}'({name})과 같은 파일입니다. "
                    "원본을 덮어쓰지 않도록 결과 파일 이름을 다르게 지정하십시오."
                )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class ArtifactWriter:
    """One declared artifact while the task runs: write it whole, stream it, or let a library save it."""

    def __init__(self, sink: ArtifactSink, spec: Artifact):
        self._sink = sink
        self.spec = spec

    @property
    def final_path(self) -> Path:
        """Where it will be once the run succeeds (for messages; never write there)."""
        return self.spec.path_beside(self._sink.workbook)

    def write_bytes(self, data: bytes) -> None:
        with self.open() as handle:
            handle.write(data)

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """A binary file to write the artifact into; it counts only when the block ends without error."""
        tmp = self._sink.new_temporary(self.spec)
        try:
            with open(tmp, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._sink.staged_file(self.spec, tmp)

    def write_with(self, save: Callable[[Path], None]) -> None:
        """For a library that saves to a path itself (``doc.save(path)``): it gets the temporary path."""
        tmp = self._sink.new_temporary(self.spec)
        try:
            save(tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._sink.staged_file(self.spec, tmp)


class ArtifactSink:
    """The artifacts of one run: staged while the task runs, renamed together by ``commit``."""

    def __init__(self, workbook: Path, specs: Sequence[Artifact]):
        self.workbook = Path(workbook)
        self.specs = tuple(specs)
        self._staged: dict[str, tuple[Path, str, int]] = {}
        self._committed: list[WrittenArtifact] = []
        self._swept = False

    def writer(self, name: str) -> ArtifactWriter:
        for spec in self.specs:
            if spec.name == name:
                return ArtifactWriter(self, spec)
        declared = ", ".join(s.name for s in self.specs) or "(없음)"
        raise RunFailed(
            f"작업이 선언하지 않은 결과 문서 '{name}'{particle(name, '을/를')} 쓰려고 했습니다. 선언된 문서: {declared}"
        )

    def new_temporary(self, spec: Artifact) -> Path:
        folder = self.workbook.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunFailed(f"결과 폴더를 만들 수 없습니다: {folder} ({exc.strerror})") from None
        if not self._swept:
            remove_artifact_temporaries(self.workbook, self.specs)
            self._swept = True
        final = spec.path_beside(self.workbook)
        fd, name = tempfile.mkstemp(prefix=f".{final.stem}.{os.getpid()}.", suffix=temp_suffix(final.suffix), dir=folder)
        os.close(fd)
        return Path(name)

    def staged_file(self, spec: Artifact, tmp: Path) -> None:
        previous = self._staged.pop(spec.name, None)
        if previous is not None:
            previous[0].unlink(missing_ok=True)  # written twice: the last one counts
        sha, size = _sha256(tmp)
        self._staged[spec.name] = (tmp, sha, size)

    def missing(self) -> list[Artifact]:
        return [spec for spec in self.specs if spec.required and spec.name not in self._staged]

    def pending(self) -> list[WrittenArtifact]:
        """What commit will produce, in declaration order (for 실행정보, written before the renames)."""
        out = []
        for spec in self.specs:
            if spec.name in self._staged:
                _tmp, sha, size = self._staged[spec.name]
                out.append(WrittenArtifact(spec.name, spec.title, spec.kind, spec.path_beside(self.workbook), sha, size))
        return out

    def commit(self) -> list[WrittenArtifact]:
        """Rename every staged artifact to its final name; on failure the ones already renamed go too."""
        for item in self.pending():
            tmp = self._staged[item.name][0]
            make_shareable(tmp)
            try:
                os.replace(tmp, item.path)
            except OSError as exc:
                self.discard()
                raise RunFailed(
                    f"결과 문서 '{item.path.name}'에 쓸 수 없습니다({exc.strerror or type(exc).__name__}). "
                    "다른 프로그램에서 열려 있다면 닫고 다시 실행하십시오."
                ) from None
            del self._staged[item.name]
            self._committed.append(item)
        fsync_folder(self.workbook.parent)
        return list(self._committed)

    def discard(self) -> None:
        """A failed or cancelled run: its temporaries and anything it had already renamed are removed."""
        for tmp, _sha, _size in self._staged.values():
            tmp.unlink(missing_ok=True)
        self._staged.clear()
        for item in self._committed:
            item.path.unlink(missing_ok=True)
        self._committed.clear()

    @property
    def committed(self) -> list[WrittenArtifact]:
        return list(self._committed)
