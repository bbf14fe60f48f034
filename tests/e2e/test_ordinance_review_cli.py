"""``ordinance-review`` through the command line: the C1 case folder, the sample, a bad statute file,
and collect → bundle → analyse against the loopback DRF server with the digest on a loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from aiosmtpd.controller import Controller

from core import hwpx
from tasks.ordinance_review.output import AFFECTED_COLUMNS, INDEX_COLUMNS, SIDE_BY_SIDE_COLUMNS
from tests.helpers import key_values, run_cli, sheet_rows
from tests.support.drf_server import OC, DrfServer

ROOT = Path(__file__).resolve().parents[2]
C1 = Path("/work/shared/data/law-cases/C1-hometown-donation")
SAMPLE = ROOT / "resources" / "ordinance_review_sample"


def _header(path: Path, sheet: str) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    header = [c for c in next(wb[sheet].iter_rows(values_only=True)) if c is not None]
    wb.close()
    return header


def _assert_article_10_flagged(out: Path) -> None:
    index = sheet_rows(out, "인용색인")
    (row,) = [r for r in index if r["조례 조문"] == "제10조①" and r["인용"] == "법 제11조제4항"]
    assert row == {
        "조례": "광주시 고향사랑 기부금 모금 및 운용에 관한 조례",
        "조례 조문": "제10조①",
        "법령": "고향사랑 기부금에 관한 법률",
        "인용": "법 제11조제4항",
        "대상": "제11조제4항",
        "변경유형": "이동",
        "판정": "정비 필요",
        "권고 인용": "법 제11조제5항",
        "개정문": '제10조제1항 중 "법 제11조제4항"을 "법 제11조제5항"으로 한다.',
        "담당부서": "자치협력과",
    }
    affected = [r for r in sheet_rows(out, "영향조례") if r["조례 조문"] == "제10조①" and r["인용"] == "법 제11조제4항"]
    assert len(affected) == 1
    assert (affected[0]["공포번호"], affected[0]["비고"]) == ("20314", "제11조제4항 → 제11조제5항")
    assert str(affected[0]["공포일자"])[:10] == "2024-02-20"
    assert "【④】" in affected[0]["개정 전"] and "【⑤】" in affected[0]["개정 후"]


def test_c1_case_folder(tmp_path: Path) -> None:
    """The issue's command, the case folder as given: old and new law versions and the ordinance together."""
    if not C1.is_dir():
        pytest.skip("../shared/data/law-cases is not on this machine")
    out = tmp_path / "out.xlsx"
    code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={C1}", "--output", str(out))
    assert code == 0, err
    assert _header(out, "인용색인") == INDEX_COLUMNS
    assert _header(out, "영향조례") == AFFECTED_COLUMNS
    assert _header(out, "신구대비") == SIDE_BY_SIDE_COLUMNS
    _assert_article_10_flagged(out)
    summary = key_values(out, "요약")
    assert (summary["검토한 법령"], summary["검토한 개정"], summary["읽은 조례"], summary["찾은 인용"]) == (2, 2, 1, 24)
    assert (summary["정비 필요"], summary["검토"], summary["참고"], summary["해당 없음"]) == (1, 2, 8, 13)
    side = sheet_rows(out, "신구대비")
    (moved,) = [r for r in side if r["조문"] == "제11조제4항 → 제11조제5항"]
    assert moved["변경유형"] == "이동"
    (figure,) = [r for r in side if r["조문"] == "제8조제3항"]
    assert (figure["비고"], str(figure["시행일"])[:10]) == ("수치 500만원 → 2천만원", "2025-01-01")
    assert "【500만원으로】" in figure["현행"] and "【2천만원으로】" in figure["개정"]
    # the 신·구조문대비표: one HWPX for the one ordinance with a 정비 필요 citation
    with zipfile.ZipFile(tmp_path / "out_신구조문대비표.zip") as archive:
        (name,) = archive.namelist()
        data = archive.read(name)
    assert name == "광주시 고향사랑 기부금 모금 및 운용에 관한 조례 신구조문대비표.hwpx"
    assert hwpx.problems(data) == []
    lines = hwpx.text_of(data).splitlines()
    assert lines[0] == "「광주시 고향사랑 기부금 모금 및 운용에 관한 조례」 일부개정조례안 신·구조문대비표"
    assert lines[1] == "관련 법령: 「고향사랑 기부금에 관한 법률」 개정(공포 2024. 2. 20. 제20314호, 시행 2024. 2. 20.)"
    current = "① 시장은 법 제11조제4항에 따라 기금을 관리ㆍ운용할 경우에는"
    assert f"제10조 {current}" in "\n".join(lines)
    assert f"제10조 {current.replace('제4항', '제5항')}" in "\n".join(lines)


def test_sample_then_run(tmp_path: Path) -> None:
    code, _, err = run_cli("sample", "ordinance-review", "--dir", str(tmp_path / "예시"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "예시" / "texts").iterdir()) == sorted(p.name for p in SAMPLE.glob("*.md"))
    out = tmp_path / "결과.xlsx"
    code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={tmp_path / '예시' / 'texts'}", "--output", str(out))
    assert code == 0, err
    _assert_article_10_flagged(out)


def test_an_empty_statute_file_stops_with_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(SAMPLE, folder)
    (folder / "시행령-개정후.md").write_bytes(b"")
    out = tmp_path / "out.xlsx"
    code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={folder}", "--output", str(out))
    assert code == 2
    assert "파일 '시행령-개정후.md': 빈 파일입니다." in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_folder_without_an_ordinance_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("법률-개정전.md", "법률-개정후.md"):
        shutil.copy(SAMPLE / name, folder / name)
    code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={folder}", "--output", str(tmp_path / "o.xlsx"))
    assert code == 2
    assert "자치법규(조례·규칙) 본문이 하나도 없습니다." in err


# ---------------------------------------------------------------------------- collect → bundle → analyse
class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        self.messages.append(email.message_from_bytes(data, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def world(haengbot_home: Path) -> Iterator[tuple[DrfServer, Inbox]]:
    server = DrfServer().start()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    settings = {
        "org": {"sido": "경기도", "sigungu": "광주시"},
        "network": {"proxy_mode": "none", "timeout_seconds": 10},
        "ordinance": {
            "drf_base_url": server.url,
            "drf_backoff_seconds": 0.01,
            "recipients": "자치협력과=donation@city.go.kr; 디지털정보과=privacy@city.go.kr",
        },
        "email": {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "security": "none", "from_address": "haengbot@city.go.kr"},
    }
    (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
    try:
        yield server, inbox
    finally:
        smtp.stop()
        server.stop()


def _run(home: Path, out: Path, *args: str) -> tuple[int, str]:
    env = {**os.environ, "HAENGBOT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "HAENGBOT_SECRET_LAW_OC": OC}
    argv = [sys.executable, "main.py", "run", "ordinance-review", *args, "--output", str(out)]
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def _sheets(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: sheet_rows(path, name) for name in ("인용색인", "영향조례", "신구대비")}


def test_collect_bundle_analyse_and_the_digest_once(world: tuple[DrfServer, Inbox], haengbot_home: Path, tmp_path: Path) -> None:
    _server, inbox = world
    period = ("--param", "period_from=2024-02-01", "--param", "period_to=2024-02-29")
    live = tmp_path / "live.xlsx"
    code, log = _run(haengbot_home, live, *period, "--param", "notify=email")
    assert code == 0, log
    bundle = tmp_path / "live_bundle.zip"
    assert bundle.is_file()
    _assert_article_10_flagged(live)
    # one digest per 담당부서: 자치협력과 (고향사랑 조례) and 디지털정보과 (개인정보 조례)
    subjects = sorted(str(m["Subject"]) for m in inbox.messages)
    assert len(subjects) == 2, log
    assert subjects[1].startswith("[행봇] 법령 개정에 따른 조례 정비 알림 (자치협력과): 조례 1건, 정비 필요 1건")
    (donation,) = [m for m in inbox.messages if "donation@city.go.kr" in str(m["To"])]
    body = donation.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert '제10조제1항 중 "법 제11조제4항"을 "법 제11조제5항"으로 한다.' in body

    # the bundle alone, offline (the DRF server is not asked again), gives the same sheets
    calls = len(_server.calls)
    offline = tmp_path / "offline.xlsx"
    code, log = _run(haengbot_home, offline, "--input", f"bundle={bundle}", "--param", "notify=email")
    assert code == 0, log
    assert len(_server.calls) == calls
    assert _sheets(offline) == _sheets(live)
    # each (amendment, ordinance) was told once: the second run sends nothing
    assert len(inbox.messages) == 2, log


def test_base_date_leaves_out_later_versions(tmp_path: Path) -> None:
    """As of 2024-01-01 the 2024-02-20 amendment had not been promulgated: nothing to fix yet."""
    out = tmp_path / "기준일.xlsx"
    code, _, err = run_cli(
        "run", "ordinance-review", "--input", f"texts={SAMPLE}", "--param", "base_date=2024-01-01", "--output", str(out)
    )
    assert code == 0, err
    summary = key_values(out, "요약")
    assert (summary["검토한 법령"], summary["검토한 개정"], summary["정비 필요"]) == (2, 0, 0)
    (row,) = [r for r in sheet_rows(out, "인용색인") if r["조례 조문"] == "제10조①" and r["인용"] == "법 제11조제4항"]
    assert (row["변경유형"], row["판정"]) == ("변경 없음", "해당 없음")
    assert sheet_rows(out, "영향조례") == []
