"""Saved profiles (issue 17): round trip, ``newest:`` inputs (ties, empty folder, locked file), and the
history record of a profile run naming the file each input resolved to."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import core.profiles
from core.profiles import InputSource, Profile, Profiles, newest_file
from core.runstatus import RunStatus
from core.schedules import Kind, ScheduleDef
from core.store import Store
from tests.helpers import key_values, run_cli

T0 = 1_790_000_000  # a fixed modification time (2026-09-21), set with os.utime


def touch(path: Path, mtime: int, data: bytes = b"x") -> Path:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


def test_profile_round_trips_through_its_file(haengbot_home: Path, tmp_path: Path) -> None:
    profile = Profile(
        "아침-대사_1",
        "overtime-pay",
        {
            "records": InputSource(folder=tmp_path / "공유", pattern="인사랑_*.xlsx"),
            "payments": InputSource(path=tmp_path / "p.csv"),
        },
        {"monthly_cap_hours": "40"},
        {"records": "Sheet1"},
        tmp_path / "결과",
        send=False,
        schedule=ScheduleDef(Kind.WEEKLY, 7, 5, 0),
        paused=True,
        mappings={"records": {"성명": "이름(한글)"}},
    )
    path = Profiles().save(profile)
    assert path == haengbot_home / "profiles" / "아침-대사_1.json"
    assert Profiles().load("아침-대사_1") == profile
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["inputs"]["records"] == f"newest:{(tmp_path / '공유').as_posix()}/인사랑_*.xlsx"
    assert stored["schedule"] == {"kind": "weekly", "hour": 7, "minute": 5, "day": 0}
    assert [p.name for p in Profiles().all()] == ["아침-대사_1"]
    assert Profiles().delete("아침-대사_1") and Profiles().all() == []


def test_cli_save_show_list_delete(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    code, out, err = run_cli(
        "profile",
        "save",
        "매월대사",
        "--task",
        "overtime-pay",
        "--input",
        f"records=newest:{drop}/인사랑_*.xlsx",
        "--input",
        f"payments={drop}/p.csv",
        "--param",
        "monthly_cap_hours=40",
        "--output-dir",
        str(tmp_path / "out"),
    )
    assert (code, err) == (0, ""), err
    assert out.startswith("프로필 '매월대사'를 저장했습니다: ")
    code, out, _ = run_cli("profile", "show", "매월대사")
    assert code == 0
    assert out == (
        "프로필: 매월대사\n작업: overtime-pay\n"
        f"입력 records: newest:{drop.as_posix()}/인사랑_*.xlsx\n"
        f"입력 payments: {drop / 'p.csv'}\n"
        "설정 monthly_cap_hours: 40\n"
        f"결과 폴더: {tmp_path / 'out'}\n"
        "발송: 아니요 (시험 실행)\n예약: 없음\n"
    )
    code, out, _ = run_cli("profile", "list")
    assert out.split() == ["매월대사", "overtime-pay", "예약", "없음"]
    assert run_cli("profile", "delete", "매월대사")[:2] == (0, "프로필 '매월대사'를 삭제했습니다.\n")
    code, _, err = run_cli("profile", "show", "매월대사")
    assert code == 2 and "프로필 '매월대사'가 없습니다. 저장된 프로필: 없음" in err


def test_cli_refuses_a_bad_name_an_unknown_input_and_a_bad_param(tmp_path: Path) -> None:
    code, _, err = run_cli("profile", "save", "빈 칸", "--task", "overtime-pay", "--input", "records=a.xlsx")
    assert code == 2 and "프로필 이름 '빈 칸'은 쓸 수 없습니다" in err
    code, _, err = run_cli(
        "profile",
        "save",
        "p",
        "--task",
        "overtime-pay",
        "--input",
        "records=a.xlsx",
        "--input",
        "payments=b.csv",
        "--input",
        "급여=c",
    )
    assert code == 2 and "'overtime-pay' 작업에는 입력 '급여'가 없습니다. 있는 입력: payments, rates, records" in err
    code, _, err = run_cli(
        "profile",
        "save",
        "p",
        "--task",
        "overtime-pay",
        "--input",
        "records=a",
        "--input",
        "payments=b",
        "--param",
        "monthly_cap_hours=많이",
    )
    assert code == 2 and not Profiles().all()


def test_newest_by_mtime_ties_by_name_and_lock_files_never_chosen(tmp_path: Path) -> None:
    touch(tmp_path / "인사랑_2026-09.xlsx", T0 - 86400)
    touch(tmp_path / "인사랑_2026-10.xlsx", T0)
    touch(tmp_path / "인사랑_2026-11.xlsx", T0)  # same second as -10: the later name wins
    touch(tmp_path / "~$인사랑_2026-11.xlsx", T0 + 60)  # Excel's owner file while it is open
    touch(tmp_path / ".~lock.인사랑_2026-11.xlsx#", T0 + 60)  # LibreOffice's
    touch(tmp_path / "인사랑_2026-12.xlsx.part", T0 + 60)  # a copy still going
    touch(tmp_path / "급여_2026-12.xlsx", T0 + 60)  # another pattern
    assert newest_file(tmp_path, "인사랑_*.xlsx") == tmp_path / "인사랑_2026-11.xlsx"
    touch(tmp_path / "인사랑_2026-08.xlsx", T0 + 1)  # copied in later: mtime, not the name, decides
    assert newest_file(tmp_path, "인사랑_*.xlsx") == tmp_path / "인사랑_2026-08.xlsx"


def test_empty_folder_stops_with_exit_2_in_korean_and_is_recorded(tmp_path: Path, haengbot_home: Path) -> None:
    drop = tmp_path / "공유"
    drop.mkdir()
    touch(drop / "~$인사랑.xlsx", T0)  # only a lock file: still nothing to read
    assert run_cli("profile", "save", "빈폴더", "--task", "overtime-pay", "--input", f"records=newest:{drop}/*.xlsx",
                   "--input", f"payments={tmp_path}/p.csv")[0] == 0  # fmt: skip
    code, out, err = run_cli("run", "--profile", "빈폴더", "--scheduled")
    assert code == 2 and out == ""
    assert err == (
        f"입력 오류: 폴더 '{drop}'에 '*.xlsx'에 맞는 파일이 없습니다 (프로필 '빈폴더', 입력 records). "
        "내려받은 파일이 이 폴더에 있는지, 이름이 맞는지 확인하십시오.\n결과 파일은 만들지 않았습니다.\n"
    )
    run = Store().runs()[0]
    assert run.task == "overtime-pay" and run.status == RunStatus.BAD_INPUT and "맞는 파일이 없습니다" in (run.message or "")
    row = Store().connect().execute("SELECT profile, started_by, sources_json FROM runs WHERE id = ?", (run.id,)).fetchone()
    assert tuple(row) == ("빈폴더", "scheduled", json.dumps({"records": f"newest:{drop.as_posix()}/*.xlsx",
                                                              "payments": str(tmp_path / "p.csv")}, ensure_ascii=False))  # fmt: skip


def test_newest_file_that_cannot_be_opened_is_not_swapped_for_an_older_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path / "인사랑_10.xlsx", T0)
    locked = touch(tmp_path / "인사랑_11.xlsx", T0 + 60)
    real_open = open

    def sharing_violation(path: object, *args: object, **kwargs: object) -> object:
        # What Windows answers while another program holds the file without read sharing (root reads any
        # file on Linux, so chmod cannot stand in for it here).
        if Path(str(path)) == locked:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(core.profiles, "open", sharing_violation, raising=False)
    with pytest.raises(core.profiles.InputError) as caught:
        newest_file(tmp_path, "인사랑_*.xlsx", "records", "월간")
    assert str(caught.value) == (
        "가장 최근 파일 '인사랑_11.xlsx'를 열 수 없습니다 (프로필 '월간', 입력 records). 다른 프로그램(엑셀 등)이 쓰고 있거나 "
        "권한이 없습니다. 파일을 닫은 뒤 다시 실행하십시오."
    )
    assert caught.value.exit_code == 2


def test_a_profile_run_records_the_file_it_resolved_to(tmp_path: Path, haengbot_home: Path) -> None:
    drop = tmp_path / "공유"
    code, _, _ = run_cli("sample", "overtime-pay", "--dir", str(drop))
    assert code == 0
    older = drop / "records_old.xlsx"
    older.write_bytes((drop / "records.xlsx").read_bytes())
    os.utime(older, (T0, T0))
    os.utime(drop / "records.xlsx", (T0 + 3600, T0 + 3600))
    assert run_cli("profile", "save", "대사", "--task", "overtime-pay", "--input", f"records=newest:{drop}/records*.xlsx",
                   "--input", f"payments={drop}/payments.csv", "--output-dir", str(tmp_path / "out"))[0] == 0  # fmt: skip
    code, _out, err = run_cli("run", "--profile", "대사")
    assert code == 0, err
    assert "  입력 records: records.xlsx (가장 최근 파일)\n" in err
    run = Store().runs()[0]
    assert run.status == RunStatus.DONE and run.inputs["records"] == str(drop / "records.xlsx")
    written = list((tmp_path / "out").glob("overtime-pay_대사_*.xlsx"))
    assert [Path(run.output_path or "")] == written
    info = key_values(written[0], "실행정보")
    assert info["초과근무 내역 (records)"] == "records.xlsx" and info["실행 번호"] == run.id


def test_a_document_input_runs_from_a_profile(tmp_path: Path) -> None:
    """A document input (a folder here) goes to the task as the folder's files, as ``--input laws=DIR`` does."""
    import io

    from core.profile_run import run_profile
    from core.registry import Registry
    from tests.support.docs_task import SPEC as DOCS

    laws = tmp_path / "법령"
    laws.mkdir()
    for name, title in (("a.md", "가 조례"), ("b.md", "나 규칙")):
        (laws / name).write_text(f"---\n제목: {title}\n---\n##### 제1조(목적)\n내용\n", encoding="utf-8")
    profile = Profile("문서", "docs-demo", {"laws": InputSource(path=laws)}, output_dir=tmp_path / "out")
    Profiles().save(profile)
    done = run_profile(Profiles().load("문서"), Registry([DOCS]), io.StringIO(), scheduled=False)
    assert done.code == 0 and done.outcome is not None and done.outcome.result is not None
    assert done.outcome.result.summary_dict()["읽은 문서"] == 2
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".hwpx", ".pdf", ".xlsx"]
