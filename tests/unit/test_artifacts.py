"""Artifacts (core/artifacts.py): staged beside the workbook, renamed together, gone after a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.artifacts import ArtifactSink, remove_artifact_temporaries
from core.context import RunContext
from core.errors import RunFailed
from core.spec import Artifact, DocumentInput

NOTICE = Artifact("공고문", "공고문(HWPX)", ".hwpx", "공고문")
PRINT = Artifact("공고문인쇄", "공고문(PDF)", ".pdf", "공고문", required=False)


def test_predictable_names_and_declarations_checked() -> None:
    assert NOTICE.path_beside(Path("/x/결과.xlsx")) == Path("/x/결과_공고문.hwpx")
    for bad in ("../공고문", "a/b", "a:b", ""):
        with pytest.raises(ValueError):
            Artifact(bad, "t", ".pdf")
    with pytest.raises(ValueError):
        Artifact("공고문", "t", "pdf")
    with pytest.raises(ValueError):
        DocumentInput("laws", "법령", formats=("MD",))


def test_staged_until_commit_last_write_counts(tmp_path: Path) -> None:
    workbook = tmp_path / "결과.xlsx"
    sink = ArtifactSink(workbook, (NOTICE, PRINT))
    writer = sink.writer("공고문")
    writer.write_bytes(b"first")
    with writer.open() as handle:
        handle.write(b"second")
    assert sink.missing() == []  # the PDF is optional
    assert not NOTICE.path_beside(workbook).exists()
    assert len(list(tmp_path.glob(".결과_공고문.*.tmp.hwpx"))) == 1  # the first temporary went with its replacement
    done = sink.commit()
    assert [(a.name, a.path.read_bytes()) for a in done] == [("공고문", b"second")]
    assert done[0].sha256 == "16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["결과_공고문.hwpx"]


def test_failure_inside_a_write_or_after_commit_leaves_nothing(tmp_path: Path) -> None:
    workbook = tmp_path / "결과.xlsx"
    sink = ArtifactSink(workbook, (NOTICE, PRINT))
    with pytest.raises(OSError), sink.writer("공고문인쇄").open() as handle:
        handle.write(b"half")
        raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []
    sink.writer("공고문").write_with(lambda path: path.write_bytes(b"hwpx"))
    sink.commit()
    sink.discard()  # the workbook's own rename failed after the artifacts were in place
    assert list(tmp_path.iterdir()) == []


def test_undeclared_name_and_no_sink_are_korean(tmp_path: Path) -> None:
    sink = ArtifactSink(tmp_path / "결과.xlsx", (NOTICE,))
    with pytest.raises(RunFailed) as err:
        sink.writer("공문")
    assert str(err.value) == "작업이 선언하지 않은 결과 문서 '공문'을 쓰려고 했습니다. 선언된 문서: 공고문"
    with pytest.raises(RunFailed) as err:
        RunContext().artifact("공고문")
    assert str(err.value) == "이 실행에는 결과 문서 '공고문'을 쓸 곳이 정해지지 않았습니다(작업 선언에 없는 문서입니다)."


def test_killed_writers_temporaries_are_swept(tmp_path: Path) -> None:
    workbook = tmp_path / "결과.xlsx"
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(child.stdout)
    dead = tmp_path / f".결과_공고문.{gone}.x1.tmp.hwpx"
    alive = tmp_path / f".결과_공고문.{os.getpid()}.x2.tmp.hwpx"
    other = tmp_path / f".다른_공고문.{gone}.x3.tmp.hwpx"
    for path in (dead, alive, other):
        path.write_bytes(b"half")
    assert remove_artifact_temporaries(workbook, (NOTICE, PRINT)) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])


def test_a_task_that_forgets_a_required_artifact_fails_and_writes_nothing(tmp_path: Path, haengbot_home: Path) -> None:
    from core.result import Result
    from core.runner import execute
    from core.spec import TaskSpec

    def run(inputs, params, ctx):  # type: ignore[no-untyped-def]
        ctx.artifact("공고문인쇄").write_bytes(b"%PDF-1.4")
        return Result()

    spec = TaskSpec("forgets", "잊는 작업", "시험", "", "", (), (), run, artifacts=(NOTICE, PRINT))
    outcome = execute(spec, {}, {}, tmp_path / "결과.xlsx", RunContext())
    assert outcome.status == "failed"
    assert str(outcome.error) == "작업이 결과 문서 '공고문(HWPX)'을 만들지 않았습니다. 담당자에게 알려 주십시오."
    assert list(tmp_path.iterdir()) == []


def test_digests_are_written_as_they_are(tmp_path: Path) -> None:
    """A SHA-256 with a digit run like 01055551234 or 9001011234567 must not come out masked."""
    from core.artifacts import WrittenArtifact
    from core.cli import _artifacts_json
    from core.result import Result
    from core.writer import InfoRow, write_workbook
    from tests.helpers import key_values

    digest = "ab01055551234" + "9001011234567" + "c" * 38
    output = tmp_path / "결과.xlsx"
    rows = [InfoRow("    SHA-256", digest, exact=True), InfoRow("연락처", "010-5555-1234")]
    write_workbook(output, Result(), error_table=None, info=rows)
    info = key_values(output, "실행정보")
    assert info["SHA-256"] == digest and info["연락처"] == "010-****-1234"
    result = Result(artifacts=[WrittenArtifact("공고문", "공고문", "", tmp_path / "010-5555-1234_공고문.hwpx", digest, 1)])
    assert _artifacts_json(result) == [{"name": "공고문", "path": str(tmp_path / "010-****-1234_공고문.hwpx"), "sha256": digest}]
