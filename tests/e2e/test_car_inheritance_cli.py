"""car-inheritance-notice end to end through the CLI: the planted sample, the workbook contract, the
공고문 in HWPX and PDF read back, the letters on the ledger, masking everywhere, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.hwpx import HwpxDoc, page_count, problems, text_of
from tasks.car_inheritance_notice.sample import ANCHOR, BAD_PLATE, PLANTED, rows, write_samples
from tests.helpers import run_cli, sheet_rows

BIN = Path(sys.executable).parent
TASK = "car-inheritance-notice"
NOTICE_CARS = [plate for plate, (category, *_) in PLANTED.items() if category == "공시송달 대상"]
LETTER_CARS = [plate for plate, (category, *_) in PLANTED.items() if category == "안내 대상"]


@pytest.fixture
def sample(tmp_path: Path, haengbot_home: Path) -> Path:
    with (haengbot_home / "settings.toml").open("a", encoding="utf-8") as settings:
        settings.write('[car_inheritance]\ndepartment = "차량등록과"\nphone = "031-760-2000"\n')
    return write_samples(tmp_path / "in", anchor=ANCHOR)["vehicles"]


def run(sample: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(
        "run",
        TASK,
        "--input",
        f"vehicles={sample}",
        "--param",
        "base_date=2026-11-27",
        "--param",
        "notice_date=2026-12-01",
        "--param",
        "notice_number=제2026-1234호",
        *extra,
        "--output",
        str(out),
    )


def artifact(out: Path, name: str, suffix: str) -> Path:
    return out.with_name(f"{out.stem}_{name}{suffix}")


def poppler(tool: str, path: Path) -> str:
    return subprocess.run(
        [tool, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, text=True, check=True
    ).stdout


def test_sample_run_workbook_contract(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "결과.xlsx"
    code, _, err = run(sample, out)
    assert code == 0, err
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["요약", "대상차량", "오류행", "실행정보"]
    book.close()
    cars = sheet_rows(out, "대상차량")
    assert list(cars[0]) == ["차량번호", "사망일", "신청기한", "경과일수", "예상범칙금", "구분", "공고 포함", "사유"]
    found = {
        row["차량번호"]: (row["구분"], row["신청기한"].date().isoformat(), row["경과일수"], row["예상범칙금"]) for row in cars
    }
    assert found == PLANTED
    assert {row["차량번호"] for row in cars if row["공고 포함"] == "Y"} == set(NOTICE_CARS)
    by_plate = {row["차량번호"]: row for row in cars}
    assert "말일 2027-02-28(일요일) → 다음 근무일 2027-03-02" in by_plate["11차3410"]["사유"]
    assert "말일 2026-02-28(토요일) → 다음 근무일 2026-03-03" in by_plate["44파3413"]["사유"]
    errors = sheet_rows(out, "오류행")
    assert [(row["행"], row["열"], row["값"]) for row in errors] == [(17, "사망일", "미상")]
    assert BAD_PLATE not in found
    summary = dict(
        ((row[0] or "").strip(), row[1]) for row in load_workbook(out, read_only=True)["요약"].iter_rows(values_only=True) if row
    )
    assert summary["공시송달 대상"] == 4 and summary["안내문 작성"] == 2 and summary["예상 범칙금 합계"] == 1_750_000
    assert summary["효력 발생일"] == "2026-12-15"


def test_notice_hwpx_and_pdf_carry_the_facts(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "결과.xlsx"
    assert run(sample, out)[0] == 0
    hwpx = artifact(out, "공시송달공고", ".hwpx")
    data = hwpx.read_bytes()
    assert problems(data) == []
    for tool in ("hwpx-validate", "hwpx-validate-package"):
        done = subprocess.run([str(BIN / tool), str(hwpx)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (tool, done.stdout)
    facts = [
        "자동차 상속 이전등록 안내 공시송달 공고",
        "광주시 공고 제2026-1234호",
        "「자동차관리법」 제12조, 「자동차등록령」 제26조, 「행정절차법」 제14조제4항·제15조제3항",
        "2. 송달하지 못한 사유: 반송 1건, 수취인불명 1건, 폐문부재 1건, 상속인 주소를 알 수 없음 1건",
        "3. 공고 기간: 2026. 12. 1. ~ 2026. 12. 15. (14일간)",
        "4. 효력 발생일: 2026. 12. 15.",
        "5. 대상: 붙임 목록의 자동차 4대",
        "8. 문의: 차량등록과 (031-760-2000)",
        "광주시장",
    ]
    text = text_of(data)
    for fact in facts:
        assert fact in text
    cells = text.split("\n")
    for plate in PLANTED:
        assert (plate in cells) == (plate in NOTICE_CARS)
    for deadline in ("2027. 3. 2.", "2026. 8. 31.", "2027. 2. 1.", "2026. 12. 31."):
        assert deadline in cells
    assert ["34다3403", "그랜저", "박*호", "2027. 3. 2.", "박*람", "경기도 광주시 초월읍"] == cells[
        cells.index("34다3403") : cells.index("34다3403") + 6
    ]

    pdf = artifact(out, "공시송달공고_게시용", ".pdf")
    listed = poppler("pdffonts", pdf).splitlines()[2:]
    assert listed and all(line.split()[-5] == "yes" and "+NanumSquare" in line.split()[0] for line in listed)
    pdf_text = re.sub(r"\s+", " ", poppler("pdftotext", pdf))
    for fact in [
        *facts[:2],
        "2026. 12. 1. ~ 2026. 12. 15. (14일간)",
        "효력 발생일: 2026. 12. 15.",
        *NOTICE_CARS,
        "박*호",
        "광주시장",
    ]:
        assert fact in pdf_text, fact


def test_letters_once_per_car_and_death(sample: Path, tmp_path: Path) -> None:
    first = tmp_path / "1" / "결과.xlsx"
    assert run(sample, first)[0] == 0
    letters = artifact(first, "상속이전안내문", ".hwpx").read_bytes()
    assert problems(letters) == []
    assert page_count(letters) == len(LETTER_CARS) == 2
    text = text_of(letters)
    assert [line for line in text.split("\n") if line.startswith("받는 분")] == [
        "받는 분: 장*결 님 (경기도 광주시 역동)",
        "받는 분: 임*온 님 (경기도 광주시 곤지암읍)",
    ]
    assert "2027. 3. 2." in text  # 11차3410: 2027-02-28 (Sunday) → 3/1 삼일절 → 3/2
    # The second run with the same list: the letters are on the ledger, so none is made again.
    second = tmp_path / "2" / "결과.xlsx"
    code, _, err = run(sample, second)
    assert code == 0, err
    assert not artifact(second, "상속이전안내문", ".hwpx").exists()
    cars = {row["차량번호"]: row for row in sheet_rows(second, "대상차량")}
    for plate in LETTER_CARS:
        assert "안내문 이미 처리됨" in cars[plate]["사유"]
    book = load_workbook(second, read_only=True)
    values = {(row[0] or "").strip(): row[1] for row in book["요약"].iter_rows(values_only=True) if row}
    book.close()
    assert (values["안내문 작성"], values["안내문 이미 작성됨"]) == (0, 2)
    code, listing, _ = run_cli("ledger", "list", "--task", TASK, "--json")
    assert code == 0
    entries = json.loads(listing)
    assert sorted((entry["case_key"], entry["step"], entry["state"]) for entry in entries) == [
        ("11차3410|2026-08-15", "상속이전 안내문", "완료"),
        ("90자3409|2026-10-08", "상속이전 안내문", "완료"),
    ]
    assert "장*결" in listing and "장한결" not in listing


def test_dry_run_makes_letters_without_recording_them(sample: Path, tmp_path: Path) -> None:
    dry = tmp_path / "dry" / "결과.xlsx"
    assert run(sample, dry, "--dry-run")[0] == 0
    assert page_count(artifact(dry, "상속이전안내문", ".hwpx").read_bytes()) == 2
    real = tmp_path / "real" / "결과.xlsx"
    assert run(sample, real)[0] == 0
    assert page_count(artifact(real, "상속이전안내문", ".hwpx").read_bytes()) == 2


def personal_values() -> list[str]:
    """Every full name, RRN, birth date and full address the sample holds."""
    values: list[str] = []
    for row in rows(ANCHOR):
        _plate, _model, owner, rrn, birth, _death, heir, address, phone, *_ = row
        values += [str(owner), str(rrn), str(rrn).replace("-", ""), str(birth), str(heir)]
        values += [str(address)] if address else []
        values += [str(phone), str(phone).replace("-", "")] if phone else []
        values += [re.sub(r"\D", "", str(birth))[2:]]  # 480312: the RRN's birth part
    return [value for value in values if value]


def all_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return poppler("pdftotext", path)
    if path.suffix == ".hwpx":
        with zipfile.ZipFile(path) as archive:
            raw = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        return raw + "\n" + text_of(path.read_bytes())
    book = load_workbook(path, read_only=True)
    cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    book.close()
    return "\n".join(cells)


def test_no_personal_data_in_any_artifact_or_sheet(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "결과.xlsx"
    assert run(sample, out)[0] == 0
    produced = sorted(out.parent.iterdir())
    assert [path.name for path in produced] == [
        "결과.xlsx",
        "결과_공시송달공고.hwpx",
        "결과_공시송달공고_게시용.pdf",
        "결과_상속이전안내문.hwpx",
    ]
    secrets = personal_values()
    assert "홍길동" in secrets and "480312-1234567" in secrets and "1948-03-12" in secrets
    for path in produced:
        text = all_text(path)
        leaked = [value for value in secrets if value in text]
        assert leaked == [], (path.name, leaked)
    # …while the masked forms are there
    assert "박*호" in all_text(produced[1]) and "경기도 광주시 초월읍" in all_text(produced[1])


def test_an_rrn_typed_in_the_car_name_column_never_reaches_a_document(sample: Path, tmp_path: Path) -> None:
    """Guards the free-text 차명: it is printed in the public 공고, so an RRN put there by mistake must be masked."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book.active
    header = next(row for row in sheet.iter_rows() if any(cell.value == "차명" for cell in row))
    column = next(cell.column for cell in header if cell.value == "차명")
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[column - 1].value:
            row[column - 1].value = "쏘나타 900101-1234567"
    book.save(sample)
    out = tmp_path / "out" / "결과.xlsx"
    assert run(sample, out)[0] == 0
    for path in sorted(out.parent.iterdir()):
        text = all_text(path) if path.suffix != ".xlsx" else str(list(openpyxl.load_workbook(path).worksheets[1].values))
        assert "1234567" not in text.replace("\n", ""), path.name
    assert "쏘나타" in all_text(out.parent / "결과_공시송달공고_게시용.pdf")


def test_notice_days_below_14_exits_2(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "결과.xlsx"
    code, _, err = run(sample, out, "--param", "notice_days=13")
    assert code == 2
    assert "공고 기간(일)" in err and "14 이상이어야 합니다" in err
    assert not out.parent.exists() or not any(out.parent.iterdir())


def city_template(placeholders: bool) -> bytes:
    doc = HwpxDoc.blank()
    doc.add_title("○○시 자동차 공시송달 공고")
    doc.add_paragraph("공고 {{공고번호}} / 효력 {{효력발생일}} / {{기관장}}" if placeholders else "자리표시가 없는 서식")
    doc.add_table(["번호", "차량"], [["{{차량.연번}}", "{{차량.차량번호}}"]] if placeholders else [["1", "2"]])
    return doc.to_bytes()


def test_the_citys_own_template(sample: Path, tmp_path: Path) -> None:
    template = tmp_path / "우리시서식.hwpx"
    template.write_bytes(city_template(True))
    out = tmp_path / "out" / "결과.xlsx"
    code, _, err = run(sample, out, "--input", f"template={template}")
    assert code == 0, err
    notice = artifact(out, "공시송달공고", ".hwpx").read_bytes()
    assert problems(notice) == []
    lines = text_of(notice).split("\n")
    assert "공고 제2026-1234호 / 효력 2026. 12. 15. / 광주시장" in lines
    assert lines[-8:] == ["1", "34다3403", "2", "45라3404", "3", "56마3405", "4", "67바3406"]
    pdf_text = poppler("pdftotext", artifact(out, "공시송달공고_게시용", ".pdf"))
    assert "○○시 자동차 공시송달 공고" in pdf_text and "67바3406" in pdf_text


def test_a_template_without_placeholders_exits_2(sample: Path, tmp_path: Path) -> None:
    template = tmp_path / "잘못된서식.hwpx"
    template.write_bytes(city_template(False))
    out = tmp_path / "out" / "결과.xlsx"
    code, _, err = run(sample, out, "--input", f"template={template}")
    assert code == 2
    assert "잘못된서식.hwpx" in err and "{{공고번호}}, {{차량.차량번호}} 자리표시가 없습니다" in err
    assert not out.exists()


def test_sample_command_plants_every_category(tmp_path: Path) -> None:
    code, _, err = run_cli("sample", TASK, "--dir", str(tmp_path / "s"))
    assert code == 0, err
    book = load_workbook(tmp_path / "s" / "vehicles.xlsx", read_only=True)
    plates = [row[1] for row in book.active.iter_rows(min_row=3, values_only=True)]
    book.close()
    assert plates == [*PLANTED, BAD_PLATE]
    assert {category for category, *_ in PLANTED.values()} == {"이전완료", "공시송달 대상", "기한 경과", "안내 대상", "안내 완료"}
    assert dt.date(2026, 8, 15) in [row[5] for row in rows(ANCHOR)]  # the 2027-02-28 Sunday → 3/2 edge
