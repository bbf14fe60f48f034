"""Issue 11, documents in and out, through the real CLI (a subprocess of main.py with the toy task added).

A folder of three statute files (one broken) is refused with a Korean message naming the broken
file and writes nothing; without it the run writes the workbook and the 공고문 pair beside it with
predictable names, each listed in 실행정보 with the SHA-256 of the bytes on disk; a run that fails
after writing its artifacts, or is killed, leaves none behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.documents import HwpxDocument, read_document
from tests.helpers import ROOT, sheet_rows
from tests.support.docs_task import hwpx_bytes

LAW_COPIES = Path(__file__).resolve().parents[1] / "data" / "law-cases"  # copies of ../shared/data/law-cases
CLI = ROOT / "tests" / "support" / "docs_cli.py"
BROKEN = "---\n제목 고향사랑 기부금에 관한 법률\n공포일자: 2024-02-20\n---\n\n# 고향사랑 기부금에 관한 법률\n"


def law_folder(tmp_path: Path, broken: bool) -> Path:
    folder = tmp_path / "법령"
    folder.mkdir()
    shutil.copyfile(LAW_COPIES / "law-new-법률.md", folder / "01-법률.md")
    shutil.copyfile(LAW_COPIES / "ordinance-C1.md", folder / "02-조례.md")
    if broken:
        (folder / "03-깨진파일.md").write_text(BROKEN, encoding="utf-8")
    (folder / "메모.txt").write_text("형식이 다른 파일은 폴더 입력에 들어가지 않습니다", encoding="utf-8")
    return folder


def cli(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, str(CLI), *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )


def info_rows(path: Path) -> list[tuple[str, str]]:
    book = load_workbook(path, read_only=True)
    rows = [(str(r[0]), str(r[1] or "")) for r in book["실행정보"].iter_rows(values_only=True) if r and r[0] is not None]
    book.close()
    return rows


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_broken_member_is_named_and_nothing_is_written(tmp_path: Path, home: Path) -> None:
    folder = law_folder(tmp_path, broken=True)
    output = tmp_path / "out" / "결과.xlsx"
    proc = cli(home, "run", "docs-demo", "--input", f"laws={folder}", "--output", str(output), "--json")
    assert proc.returncode == 2, proc.stderr
    report = json.loads(proc.stdout)
    assert report["status"] == "bad_input"
    assert report["error"] == (
        "파일 '03-깨진파일.md': 머리말(---) 2행을 읽을 수 없습니다: '이름: 값' 형식이 아닙니다: 제목 고향사랑 기부금에 관한 법률.\n"
        "  → 법령·자치법규 원본 파일의 맨 위 '---' 사이 부분을 고치지 않은 파일을 지정하십시오."
    )
    assert "Traceback" not in proc.stderr
    assert not output.parent.exists() or list(output.parent.iterdir()) == []


def test_folder_in_workbook_and_artifacts_out(tmp_path: Path, home: Path) -> None:
    folder = law_folder(tmp_path, broken=False)
    output = tmp_path / "out" / "결과.xlsx"
    proc = cli(home, "run", "docs-demo", "--input", f"laws={folder}", "--output", str(output), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    hwpx, pdf = output.with_name("결과_공고문.hwpx"), output.with_name("결과_공고문인쇄.pdf")
    assert sorted(p.name for p in output.parent.iterdir()) == sorted([output.name, hwpx.name, pdf.name])
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (hwpx, pdf)}
    assert report["artifacts"] == [
        {"name": "공고문", "path": str(hwpx), "sha256": digest[hwpx]},
        {"name": "공고문인쇄", "path": str(pdf), "sha256": digest[pdf]},
    ]
    assert f"  결과 문서: {hwpx}" in proc.stderr

    # The task read the two statutes as typed records: frontmatter values as written, articles counted.
    rows = sheet_rows(output, "문서")
    assert [(r["파일"], r["제목"], r["공포일자"]) for r in rows] == [
        ("01-법률.md", "고향사랑 기부금에 관한 법률", "2024-02-20"),
        ("02-조례.md", "광주시 고향사랑 기부금 모금 및 운용에 관한 조례", "2023-01-02"),
    ]
    assert rows[0]["조문 수"] > 10

    info = info_rows(output)
    at = info.index(("■ 결과 문서", ""))
    assert info[at + 1 : at + 5] == [
        ("  공고문(HWPX) (공고문)", hwpx.name),
        ("    SHA-256", digest[hwpx]),
        ("  공고문(PDF) (공고문인쇄)", pdf.name),
        ("    SHA-256", digest[pdf]),
    ]
    docs = info.index(("■ 입력 문서", ""))
    law_sha = hashlib.sha256((folder / "01-법률.md").read_bytes()).hexdigest()
    assert info[docs + 1] == ("  법령 문서 (laws)", f"{folder} (폴더, 2개)")
    assert info[docs + 2] == ("    01-법률.md", law_sha)

    # The artifacts are what they claim: an HWPX our own reader opens, and a PDF with its trailer.
    opened = read_document(hwpx)
    assert isinstance(opened, HwpxDocument) and opened.members[0] == "mimetype"
    assert pdf.read_bytes().startswith(b"%PDF-1.4") and pdf.read_bytes().rstrip().endswith(b"%%EOF")


def test_failed_run_leaves_no_artifact_and_stale_temporaries_are_swept(tmp_path: Path, home: Path) -> None:
    folder = law_folder(tmp_path, broken=False)
    out = tmp_path / "out"
    out.mkdir()
    # A temporary left by a run that was killed (pid 999999 is not alive), and one of a live process.
    dead = out / ".결과_공고문.999999.abc123.tmp.hwpx"
    live = out / f".결과_공고문.{os.getpid()}.abc123.tmp.hwpx"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    output = out / "결과.xlsx"
    proc = cli(
        home, "run", "docs-demo", "--input", f"laws={folder}", "--param", "fail_after_artifacts=true", "--output", str(output)
    )
    assert proc.returncode == 3, proc.stderr
    assert "실패: 시험용 실패: 결과 문서를 쓴 뒤 멈췄습니다." in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [live.name]  # no workbook, no artifact, no temporary of its own


def test_artifact_never_replaces_an_input(tmp_path: Path, home: Path) -> None:
    folder = law_folder(tmp_path, broken=False)
    law = folder / "01-법률.md"
    before = law.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    os.link(law, out / "결과_공고문.hwpx")  # the artifact's name is the clerk's statute file under another name
    proc = cli(home, "run", "docs-demo", "--input", f"laws={folder}", "--output", str(out / "결과.xlsx"))
    assert proc.returncode == 2, proc.stderr
    assert (
        "입력 오류: 결과 문서 '결과_공고문.hwpx'가 입력 파일 '01-법률.md'(laws)과 같은 파일입니다. "
        "원본을 덮어쓰지 않도록 결과 파일 이름을 다르게 지정하십시오."
    ) in proc.stderr
    assert law.read_bytes() == before and not (out / "결과.xlsx").exists()


def test_several_files_by_repeating_input(tmp_path: Path, home: Path) -> None:
    folder = law_folder(tmp_path, broken=False)
    first, second = tmp_path / "서식1.hwpx", tmp_path / "서식2.hwpx"
    first.write_bytes(hwpx_bytes(["가"]))
    second.write_bytes(hwpx_bytes(["나"]))
    output = tmp_path / "결과.xlsx"
    argv = ["run", "docs-demo", "--input", f"laws={folder}", "--input", f"templates={first}"]
    proc = cli(home, *argv, "--input", f"templates={second}", "--output", str(output), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"] == {"읽은 문서": 2, "읽은 서식": 2}
    info = info_rows(output)
    at = info.index(("  한글 서식 (templates)", "2개"))
    assert info[at + 1 : at + 3] == [
        ("    서식1.hwpx", hashlib.sha256(first.read_bytes()).hexdigest()),
        ("    서식2.hwpx", hashlib.sha256(second.read_bytes()).hexdigest()),
    ]
    notzip = tmp_path / "서식3.hwpx"
    notzip.write_bytes(b"HWP Document File V5.00")
    proc = cli(home, *argv, "--input", f"templates={notzip}", "--output", str(output))
    assert proc.returncode == 2
    assert "입력 오류: 파일 '서식3.hwpx': HWPX 파일이 아니거나 손상되었습니다(압축을 열 수 없음)." in proc.stderr


def test_repeated_input_for_several_files_and_folder_required(tmp_path: Path, home: Path) -> None:
    proc = cli(home, "run", "docs-demo", "--output", str(tmp_path / "결과.xlsx"))
    assert proc.returncode == 2
    assert (
        "입력 오류: 필수 입력 'laws'(법령 문서) 폴더가 지정되지 않았습니다.\n  → --input laws=폴더경로 로 지정하십시오."
        in proc.stderr
    )
    one = tmp_path / "a.md"
    one.write_text("# 본문만 있는 문서\n", encoding="utf-8")
    proc = cli(home, "run", "docs-demo", "--input", f"laws={one}", "--output", str(tmp_path / "결과.xlsx"))
    assert proc.returncode == 2
    assert (
        f"입력 오류: 파일 '{one.name}': 폴더가 아닙니다.\n  → '법령 문서'에는 문서(.md)가 든 폴더를 지정하십시오." in proc.stderr
    )
    proc = cli(home, "describe", "docs-demo", "--json")
    described = json.loads(proc.stdout)
    assert described["documents"][0] == (
        {
            "name": "laws",
            "title": "법령 문서",
            "kind": "folder",
            "formats": [".md"],
            "required": True,
            "help": "법령·자치법규 Markdown 파일이 든 폴더",
        }
    )
    assert described["documents"][1]["kind"] == "files" and described["documents"][1]["required"] is False
    assert [a["name"] for a in described["artifacts"]] == ["공고문", "공고문인쇄"]
