"""Profile names and addresses are checked when profiles are saved or read (issue 10).

Before: a profile named "기본\\r\\nBcc: …" was saved; its digest's Subject header was refused at send
time, the ValueError escaped, the digest was marked 확인 필요 although nothing was sent, and it never
went out. Now the file (and the GUI editor, which shares ``profile_problems``) refuses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from tasks.grant_alerts import profiles
from tasks.grant_alerts.profiles import Profile


def test_a_name_with_a_line_break_is_refused_when_saved_and_the_file_is_kept(haengbot_home: Path) -> None:
    """Guards the save path: CR/LF in a name never reaches the file, so never a Subject header."""
    loaded = profiles.load()
    before = (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8")
    bad = Profile("기획\r\nBcc: leak@evil.example", recipients=["planning@city.go.kr"])
    with pytest.raises(InputError) as info:
        profiles.save([*loaded, bad])
    assert "프로필 이름 '기획⏎⏎Bcc: leak@evil.example'에 줄바꿈이나 제어 문자가 있습니다. 한 줄로 적으십시오." in str(info.value)
    assert (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8") == before
    assert not list(haengbot_home.glob(".grant_profiles-*"))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (
            "recipients",
            ["a@city.go.kr\r\nBcc: leak@evil.example"],
            "메일 주소 'a@city.go.kr⏎⏎Bcc: leak@evil.example'가 올바르지 않습니다.",
        ),
        ("recipients", ["주소아님"], "메일 주소 '주소아님'이 올바르지 않습니다."),
        ("department", "기획\n예산과", "부서 '기획⏎예산과'에 줄바꿈이나 제어 문자가 있습니다."),
    ],
)
def test_addresses_and_department_are_one_clean_line(field: str, value: object, reason: str) -> None:
    p = Profile("기본")
    setattr(p, field, value)
    assert profiles.profile_problems(p) == [f"'기본'의 {reason}"]


def test_long_names_and_the_word_for_all_are_refused() -> None:
    assert profiles.profile_problems(Profile("가" * 41))[0].endswith("이 너무 깁니다(40자까지).")
    assert profiles.profile_problems(Profile("전체")) == ["'전체'는 모든 프로필을 뜻하는 말이라 이름으로 쓸 수 없습니다."]
    assert profiles.profile_problems(Profile("정보통신", "정보통신과", ["it@city.go.kr"])) == []


def test_a_hand_edited_file_with_a_line_break_stops_the_run_before_anything_is_fetched(haengbot_home: Path) -> None:
    """Guards the read path: the run stops with a Korean reason naming the file, not a digest 확인 필요."""
    path = haengbot_home / profiles.FILE_NAME
    path.write_text('[[profiles]]\nname = "기본\\r\\nBcc: leak@evil.example"\nrecipients = ["a@city.go.kr"]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        profiles.load()
    assert str(info.value).startswith("프로필 파일에 쓸 수 없는 값이 있습니다: 프로필 이름 '기본⏎⏎Bcc: leak@evil.example'")
    assert str(path) in (info.value.hint or "")
