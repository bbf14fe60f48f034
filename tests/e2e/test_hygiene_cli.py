"""hygiene-training through the CLI on its own sample (``main.py sample hygiene-training``), and the
contract fix that came with it: a table input declared ``multiple`` takes a folder or a repeated
``--input NAME=FILE``; repeating a one-file input is a Korean exit-2 error, never "the last one wins".

The expected results are the sample's planted cases, worked out by hand in tasks/hygiene_training/sample.py
(PLANTED) and below (the 미이수 list and the 요약 figures).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from tasks.hygiene_training.sample import PLANTED, write_samples
from tests.helpers import key_values, run_cli, sheet_rows

CONTRACT = {
    "매칭결과": ["수료번호", "업소명", "대표자", "매칭", "영업신고번호", "점수", "판정", "사유"],
    "미이수": ["영업신고번호", "업소명", "업종", "필요시간", "사유"],
    "입력결과": ["영업신고번호", "입력", "확인"],
}
# 2026년 미이수, by hand from sample.LICENCES: 30 licences; 1 폐업 (옛날통닭), 1 식용얼음판매업 (얼음나라),
# 1 식품 휴업 2025-11-01..2027-03-01 (쉼표카페), 1 공중위생 휴업 (고운 네일), 1 신규 사전교육 2025-12-15 for a
# 2026-01-05 licence (새봄 분식), 1 조리사 opening a 일반음식점 in 2026 (솜씨 한식); 17 trained in 2026;
# the 7 left, in the 대장's order:
MISSING = [
    ("2016-3290000-00106", "빛고을국밥집", "일반음식점", "3시간", "미이수"),
    ("2020-3290000-00118", "반짝 건물관리", "건물위생관리업", "3시간", "미이수: 수료 2시간이 모자랍니다"),
    ("2017-3290000-00125", "동네 치킨", "일반음식점", "3시간", "미이수"),
    ("2018-3290000-00126", "고소한 빵집", "제과점영업", "3시간", "수료 확인 필요"),
    ("2019-3290000-00127", "참맛 떡집", "즉석판매제조·가공업", "3시간", "미이수: 수료 2시간이 모자랍니다"),
    ("2021-3290000-00130", "사랑떡볶이 충장점", "휴게음식점", "3시간", "수료 확인 필요"),
    ("2022-3290000-00131", "사랑떡볶이 금남점", "휴게음식점", "3시간", "수료 확인 필요"),
]


def _run(tmp_path: Path, *inputs: str, extra: tuple[str, ...] = ()) -> tuple[int, str, Path]:
    out = tmp_path / "결과.xlsx"
    args = ["run", "hygiene-training"]
    for item in inputs:
        args += ["--input", item]
    code, _stdout, err = run_cli(*args, "--param", "year=2026", *extra, "--output", str(out))
    return code, err, out


def test_sample_folder_run_finds_every_planted_case(tmp_path: Path) -> None:
    code, out, err = run_cli("sample", "hygiene-training", "--dir", str(tmp_path / "s"))
    assert code == 0, err
    assert out == f"completions\t{tmp_path / 's' / '수료자명단'}\nlicenses\t{tmp_path / 's' / '인허가대장.xlsx'}\n"
    code, err, result = _run(
        tmp_path, f"completions={tmp_path / 's' / '수료자명단'}", f"licenses={tmp_path / 's' / '인허가대장.xlsx'}"
    )
    assert code == 0, err
    book = load_workbook(result, read_only=True)
    assert book.sheetnames == ["요약", "매칭결과", "검토", "미이수", "입력결과", "오류행", "실행정보"]
    for sheet, columns in CONTRACT.items():
        header = next(book[sheet].iter_rows(max_row=1, values_only=True))
        assert list(header[: len(columns)]) == columns
    book.close()
    rows = sheet_rows(result, "매칭결과")
    found = {r["수료번호"]: (r["매칭"], r["영업신고번호"] or "", r["판정"]) for r in rows}
    assert found == PLANTED
    origins = {r["수료번호"]: r["원본 위치"] for r in rows}
    assert origins["외식-26-0001"] == "한국외식업중앙회_2026_수료자.xlsx 명단 4행"  # title, blank, header, then row 4
    assert origins["미용-2026-101"] == "공중위생_단체_수료자.csv 2행"
    assert [r["대표자"] for r in rows if r["수료번호"] == "외식-26-0002"] == ["김*수"]  # names masked
    missing = [(r["영업신고번호"], r["업소명"], r["업종"], r["필요시간"], r["사유"]) for r in sheet_rows(result, "미이수")]
    assert missing == MISSING
    summary = key_values(result, "요약")
    assert (summary["읽은 수료 건"], summary["입력 대상"], summary["시간 부족"], summary["중복 수료"]) == (26, 19, 2, 1)
    assert (summary["2026년 이수 업소"], summary["2026년 미이수"]) == (17, 7)
    assert sheet_rows(result, "입력결과") == []  # enter is off by default
    info = key_values(result, "실행정보")
    assert info["파일 한국식품산업협회_수료.xlsx"].startswith("9행, SHA-256 ")


def test_repeated_input_reads_each_file_once_in_the_order_given(tmp_path: Path) -> None:
    write_samples(tmp_path / "s")
    folder = tmp_path / "s" / "수료자명단"
    food, public = folder / "한국식품산업협회_수료.xlsx", folder / "공중위생_단체_수료자.csv"
    code, err, result = _run(
        tmp_path, f"completions={food}", f"completions={public}", f"licenses={tmp_path / 's' / '인허가대장.xlsx'}"
    )
    assert code == 0, err
    rows = sheet_rows(result, "매칭결과")
    assert [r["원본 위치"].split()[0] for r in rows] == [food.name] * 9 + [public.name] * 6
    assert [r["수료번호"] for r in rows][8:10] == ["식산-26-09", "미용-2026-101"]


def test_repeating_a_one_file_input_is_refused_in_korean(tmp_path: Path) -> None:
    write_samples(tmp_path / "s")
    licences = tmp_path / "s" / "인허가대장.xlsx"
    other = tmp_path / "다른대장.xlsx"
    other.write_bytes(licences.read_bytes())
    code, err, result = _run(
        tmp_path, f"completions={tmp_path / 's' / '수료자명단'}", f"licenses={licences}", f"licenses={other}"
    )
    assert code == 2
    assert err.endswith(
        "입력 오류: '인허가 대장'(licenses)에는 파일을 하나만 지정하십시오. 받은 파일: 2개\n"
        "  → 이 입력은 파일 1개만 받습니다. 쓸 파일 하나만 남기십시오.\n"
        "결과 파일은 만들지 않았습니다.\n"
    )
    assert not result.exists()


def test_repeating_a_one_file_input_of_another_task_is_refused_too(tmp_path: Path) -> None:
    code, _out, err = run_cli("sample", "overtime-pay", "--dir", str(tmp_path / "ot"))
    assert code == 0, err
    payments = tmp_path / "ot" / "payments.csv"  # (records takes several monthly files since issue 19)
    code, _out, err = run_cli(
        "run", "overtime-pay", "--input", f"records={tmp_path / 'ot' / 'records.xlsx'}",
        "--input", f"payments={payments}", "--input", f"payments={payments}", "--output", str(tmp_path / "o.xlsx"),
    )  # fmt: skip
    assert code == 2
    assert "입력 오류: '시간외근무수당 지급 내역'(payments)에는 파일을 하나만 지정하십시오. 받은 파일: 2개\n" in err


def test_a_bad_row_in_one_file_names_that_file_and_row(tmp_path: Path) -> None:
    write_samples(tmp_path / "s")
    folder = tmp_path / "s" / "수료자명단"
    path = folder / "공중위생_단체_수료자.csv"
    lines = list(csv.reader(path.read_text(encoding="cp949").splitlines()))
    lines[3][4] = "2026.13.40"  # CSV row 4 (header is row 1): 깨끗 세탁's 교육일
    with open(path, "w", encoding="cp949", newline="") as handle:
        csv.writer(handle).writerows(lines)
    code, err, result = _run(tmp_path, f"completions={folder}", f"licenses={tmp_path / 's' / '인허가대장.xlsx'}")
    assert code == 0, err
    bad = sheet_rows(result, "오류행")
    assert [(b["파일"], b["행"], b["열"], b["값"]) for b in bad] == [("공중위생_단체_수료자.csv", 4, "교육일", "2026.13.40")]
    assert "세탁-2026-3" not in {r["수료번호"] for r in sheet_rows(result, "매칭결과")}


def test_a_broken_recipe_stops_with_exit_2_before_any_browser(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HAENGBOT_BROWSER", str(tmp_path / "no-browser-here"))  # a browser start would fail differently
    written = write_samples(tmp_path / "s")
    recipe = tmp_path / "레시피.toml"
    recipe.write_text('name = "hygiene-training"\n[site\nbase_url = 1\n', encoding="utf-8")
    code, err, result = _run(
        tmp_path,
        f"completions={written['completions']}",
        f"licenses={written['licenses']}",
        f"recipe={recipe}",
        extra=("--param", "enter=true"),
    )
    assert code == 2, err
    assert "입력 오류: 웹 입력 레시피 '레시피.toml'의 형식이 잘못되었습니다: " in err
    assert not result.exists()


def test_reminder_sms_goes_once_per_licence_and_year(tmp_path: Path, haengbot_home: Path) -> None:
    """remind=true with the upload channel (the default): the 미이수 with a reason other than 수료 확인 필요 get
    one message each (빛고을국밥집, 참맛 떡집, 반짝 건물관리, 동네 치킨 = 4); a re-run sends none (ledger: 이미 발송)."""
    (haengbot_home / "settings.toml").write_text(
        f'[general]\noutput_dir = "{(tmp_path / "out").as_posix()}"\n[org]\nsigungu = "광주시"\n', encoding="utf-8"
    )
    written = write_samples(tmp_path / "s")
    given = (f"completions={written['completions']}", f"licenses={written['licenses']}")
    remind = ("--param", "remind=true", "--param", "remind_contact=062-123-4567")
    code, err, first = _run(tmp_path, *given, extra=remind)
    assert code == 0, err
    sent = sheet_rows(first, "독려문자")
    assert sorted((r["영업신고번호"], r["연락처"], r["결과"]) for r in sent) == [
        ("2016-3290000-00106", "010-****-0106", "접수"),
        ("2017-3290000-00125", "010-****-0125", "접수"),
        ("2019-3290000-00127", "010-****-0127", "접수"),
        ("2020-3290000-00118", "010-****-0118", "접수"),
    ]
    [upload] = list((tmp_path / "out").glob("위생교육_독려문자업로드_*.xlsx"))
    texts = {r["수신번호"]: r["메시지"] for r in sheet_rows(upload, "문자발송")}
    assert texts["01055500125"] == (
        "[광주시] 동네 치킨 영업자님, 2026년 위생교육(3시간) 이수 기록이 확인되지 않습니다. 교육을 받으셨으면 수료증을 "
        "보내 주시고, 아니면 연내에 받아 주십시오. 문의 062-123-4567"
    )
    (tmp_path / "again").mkdir()
    code, err, second = _run(tmp_path / "again", *given, extra=remind)
    assert code == 0, err
    assert {r["결과"] for r in sheet_rows(second, "독려문자")} == {"이미 발송"}


def test_a_two_digit_year_is_refused_in_korean(tmp_path: Path) -> None:
    written = write_samples(tmp_path / "s")
    out = tmp_path / "결과.xlsx"
    code, _stdout, err = run_cli(
        "run", "hygiene-training", "--input", f"completions={written['completions']}",
        "--input", f"licenses={written['licenses']}", "--param", "year=26", "--output", str(out),
    )  # fmt: skip
    assert code == 2
    assert "입력 오류: 교육 연도 26은 쓸 수 없습니다. 2026처럼 네 자리로 적거나, 올해면 0으로 두십시오.\n" in err
    assert not out.exists()
