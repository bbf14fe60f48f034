"""Recipes are read and checked whole before any browser (core/webrobot/recipe.py), and values are
compared after a read-back the way they were typed (core/webrobot/values.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.errors import InputError
from core.paths import resources_dir
from core.webrobot import load_recipe, recipe_path
from core.webrobot.recipe import Field, Locator, fill_template
from core.webrobot.values import file_names, normalise, parse_date, shown
from tests.support.robot_helpers import HYGIENE_COLUMNS

SHIPPED = resources_dir() / "recipes" / "hygiene-training.toml"


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "city.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def message(path: Path, columns: frozenset[str] | None = HYGIENE_COLUMNS) -> str:
    with pytest.raises(InputError) as err:
        load_recipe(path, columns=columns)
    assert err.value.exit_code == 2
    return str(err.value)


def test_the_shipped_recipes_load_with_their_columns() -> None:
    recipe = load_recipe("hygiene-training", columns=HYGIENE_COLUMNS)
    assert [f.column for f in recipe.fields] == [
        "영업신고번호",
        "업소명",
        "대표자",
        "업종",
        "교육구분",
        "교육일",
        "교육시간",
        "수료번호",
        "교육기관",
    ]
    assert recipe.personal_columns == ("대표자",)
    assert recipe.field_for("교육일") == Field(
        "교육일", "교육일", Locator("label", "교육일"), ("iframe#content",), "date", "%Y%m%d"
    )
    assert recipe.steps[0].frames == ()  # the menu is outside the iframe
    assert recipe.readback.header("교육일") == "교육일자" and recipe.readback.header("업소명") == "업소명"
    assert recipe.url("/main") == "http://127.0.0.1:8080/main"
    assert recipe.with_base_url("http://127.0.0.1:5000/").url("edu/form") == "http://127.0.0.1:5000/edu/form"
    board = load_recipe("board-notice", columns={"제목", "본문", "첨부1", "첨부2"})
    assert [f.type for f in board.fields] == ["text", "text", "file", "file"]


def test_a_home_copy_overrides_the_shipped_recipe(haengbot_home: Path) -> None:
    assert recipe_path("hygiene-training") == SHIPPED
    copy = haengbot_home / "recipes" / "hygiene-training.toml"
    copy.parent.mkdir()
    copy.write_text(
        SHIPPED.read_text(encoding="utf-8").replace('title = "위생 교육실적 시스템"', 'title = "광주시 위생행정"'),
        encoding="utf-8",
    )
    assert recipe_path("hygiene-training") == copy
    assert load_recipe("hygiene-training", columns=HYGIENE_COLUMNS).title == "광주시 위생행정"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('column = "업소명"', 'column = "상호"', "웹 입력 레시피 'city.toml'의 입력 칸 '상호': 작업에 없는 열 '상호'를 씁니다."),
        (
            'value = "{영업신고번호}"',
            'value = "{신고번호}"',
            "웹 입력 레시피 'city.toml'의 단계 '검색어: 영업신고번호': 작업에 없는 열 '신고번호'를 씁니다.",
        ),
        (
            'match = ["영업신고번호", "교육일"]',
            'match = ["영업신고번호", "교육일자"]',
            "웹 입력 레시피 'city.toml'의 다시 읽기 확인 열 '교육일자': 작업에 없는 열 '교육일자'를 씁니다.",
        ),
    ],
)
def test_a_column_the_task_lacks_is_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = message(broken(tmp_path, old, new))
    assert text.splitlines()[0] == expected
    assert (
        text.splitlines()[1]
        == "  → 이 작업의 열: 교육구분, 교육기관, 교육시간, 교육일, 대표자, 수료번호, 업소명, 업종, 영업신고번호"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'locator = { label = "업소명" }',
            'locator = { label = "업소명", css = "#x" }',
            "입력 칸 '업소명': 위치 지정에는 label, role, text, placeholder, css 중 정확히 하나가 있어야 합니다.",
        ),
        ('locator = { label = "업소명" }', "", "입력 칸 '업소명': 'locator'(위치 지정)가 없습니다."),
        (
            'type = "select"',
            'type = "dropdown"',
            "입력 칸 '업종': type은 text, keys, date, select, number, file, check 중 하나여야 합니다('dropdown').",
        ),
        (
            'date_format = "%Y%m%d"',
            'date_format = "YYYYMMDD"',
            "입력 칸 '교육일': date_format 'YYYYMMDD'에 %Y, %m, %d 같은 자리가 없습니다.",
        ),
        (
            'answer = "accept"',
            'answer = "ok"',
            "[form] 1번째 대화상자: answer는 accept(확인) 또는 dismiss(취소)여야 합니다('ok').",
        ),
        (
            'click = { role = "button", name = "검색" }',
            'press = "Enter"',
            "단계 '검색': goto, click, wait, fill 중 정확히 하나가 있어야 합니다.",
        ),
        ("timeout_s = 30", "timeout_s = 0", "[site]: timeout_s는 1초에서 600초 사이의 숫자여야 합니다."),
        ('logged_in = { css = "#user" }', "", '[site] 로그인 표시(logged_in): 위치 지정은 { label = "..." } 같은 표여야 합니다.'),
        ('frame = "iframe#content"', "frame = 3", "[form]: 'frame'은 iframe의 CSS 선택자(글자) 또는 그 목록이어야 합니다."),
        ('column = "교육기관"', 'column = "교육시간"', "입력 칸 '교육시간': 열 '교육시간'이 두 번 나옵니다."),
    ],
)
def test_each_broken_step_is_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert message(broken(tmp_path, old, new)) == f"웹 입력 레시피 'city.toml'의 {expected}"


def test_unreadable_recipes(tmp_path: Path) -> None:
    assert (
        message(tmp_path / "없음.toml")
        == f"웹 입력 레시피 '{tmp_path / '없음.toml'}'을 읽을 수 없습니다(파일이 없거나 열 수 없음)."
    )
    cp949 = tmp_path / "cp949.toml"
    cp949.write_bytes('name = "위생"\n'.encode("cp949"))
    assert message(cp949) == "웹 입력 레시피 'cp949.toml'은 UTF-8 글자로 저장되어 있어야 합니다."
    bare = tmp_path / "bare.toml"
    bare.write_text('name = "x"\n[readback.headers]\n교육일 = "교육일자"\n', encoding="utf-8")
    assert message(bare).splitlines()[0] == "웹 입력 레시피 'bare.toml'의 형식이 잘못되었습니다: 3행 1번째 글자 근처"


def test_templates_and_values() -> None:
    record = {"영업신고번호": "2026-3000001", "교육일": dt.date(2026, 3, 5), "시간": 3.0}
    assert fill_template("{영업신고번호}/{교육일}/{시간}", record) == "2026-3000001/2026-03-05/3"
    assert [parse_date(v) for v in ("2026.03.05", "20260305", "2026/3/5", dt.datetime(2026, 3, 5, 9), "3월 5일", "20261345")] == [
        dt.date(2026, 3, 5)
    ] * 4 + [None, None]
    date = Field("교육일", "교육일", Locator("label", "교육일"), type="date")
    hours = Field("시간", "시간", Locator("label", "시간"), type="number")
    assert normalise(date, "2026.03.05") == normalise(date, "20260305") == "2026-03-05"
    assert normalise(hours, "3") == normalise(hours, 3.0) == normalise(hours, "3.00") == "3"
    assert normalise(None, "  행복  식당 ") == "행복 식당"
    assert file_names([Path("/x/공고문.hwpx"), "/y/공고문.pdf"]) == ["공고문.hwpx", "공고문.pdf"]
    assert file_names("공고문.hwpx, 공고문.pdf") == ["공고문.hwpx", "공고문.pdf"]
    owner = Field("대표자", "대표자", Locator("label", "대표자"), personal=True)
    assert (shown(owner, "김민준"), shown(None, "전화 010-1234-5678")) == ("김*준", "전화 010-****-5678")
