"""EUC-KR byte counts and the KS X 1001 check (issue 5: 90/91, 2000/2001, mixed, 똠, emoji, CRLF)."""

from __future__ import annotations

import pytest

from core.notify.message import BAD_CHAR, BAD_NUMBER, DUPLICATE, TOO_LONG, Outgoing, add_ad_marks, in_ad_quiet_hours, prepare
from core.notify.text import LMS, SMS, check_text, euckr_len, normalise, unsendable


def test_ninety_bytes_is_sms_ninety_one_is_lms() -> None:
    assert check_text("가" * 45).kind == SMS
    assert check_text("가" * 45).body_bytes == 90
    c = check_text("가" * 45 + "a")
    assert (c.kind, c.body_bytes, c.ok) == (LMS, 91, True)
    assert check_text("a" * 90).kind == SMS
    assert check_text("a" * 91).kind == LMS


def test_two_thousand_bytes_is_lms_two_thousand_one_is_refused() -> None:
    c = check_text("가" * 1000)
    assert (c.kind, c.body_bytes, c.ok) == (LMS, 2000, True)
    c = check_text("가" * 1000 + "!")
    assert not c.ok and c.kind == "" and c.body_bytes == 2001
    assert c.problems[0][0] == "too_long" and "2,001바이트" in c.problems[0][1]


def test_mixed_hangul_and_ascii() -> None:
    text = "[광주시] 홍길동님 생계급여 신청(2026-03-02) 접수. 문의 031-760-1234"
    expected = sum(2 if ord(ch) > 127 else 1 for ch in text)
    assert euckr_len(text) == expected == len(text.encode("euc-kr"))
    assert check_text(text).kind == (SMS if expected <= 90 else LMS)


@pytest.mark.parametrize("ch", ["똠", "햏", "뷁"])
def test_syllables_outside_ks_x_1001_are_caught(ch: str) -> None:
    # Python's euc_kr writes these as an 8-byte jamo sequence instead of raising.
    assert len(ch.encode("euc_kr")) == 8
    c = check_text(f"김{ch}순님 안내")
    assert not c.ok and c.problems[0][0] == "bad_char" and ch in c.problems[0][1]
    assert unsendable(f"김{ch}순") == [(2, ch)]


@pytest.mark.parametrize("ch", ["😀", "₩", "—", "é", "\u3164", "\x07"])
def test_emoji_won_sign_em_dash_and_controls_are_caught(ch: str) -> None:
    assert not check_text(f"안내 {ch} 문의").ok


@pytest.mark.parametrize("ch", ["―", "￦", "·", "…", "①", "㈜", "漢", "「", "ㄱ", "~", "\\"])
def test_ks_x_1001_symbols_are_fine(ch: str) -> None:
    c = check_text(f"안내{ch}")
    assert c.ok and c.body_bytes == 4 + (1 if ord(ch) < 128 else 2)


def test_crlf_counts_as_one_byte() -> None:
    assert normalise("가\r\n나\r다") == "가\n나\n다"
    assert check_text("가\r\n나").body_bytes == 5
    assert check_text("a" * 44 + "\r\n" + "b" * 45).kind == SMS  # 44 + 1 + 45 = 90


def test_decomposed_hangul_is_composed_before_counting() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "한글")
    assert check_text(nfd).body_bytes == 4


def test_subject_limit_and_sms_has_no_subject() -> None:
    long_text = "가" * 50
    assert check_text(long_text, "가" * 20).ok
    c = check_text(long_text, "가" * 20 + "a")
    assert not c.ok and c.problems[0][0] == "subject_too_long"
    assert check_text("짧은 안내", "제목").subject == ""


def test_prepare_reports_each_reason_and_dedupes() -> None:
    msgs = [
        Outgoing("t", "1", "접수", "010-1234-5678", "안내"),
        Outgoing("t", "2", "접수", "02-123-4567", "안내"),  # landline: no SMS
        Outgoing("t", "3", "접수", "010-1111-22", "안내"),
        Outgoing("t", "4", "접수", "01012345678", "안내"),  # same number, same text
        Outgoing("t", "5", "접수", "010-2222-3333", "안내😀"),
        Outgoing("t", "6", "접수", "010-2222-4444", "가" * 1001),
    ]
    got = [(p.problem, p.recipient) for p in prepare(msgs)]
    assert got[0] == ("", "01012345678")
    assert got[1][0] == got[2][0] == BAD_NUMBER
    assert got[3][0] == DUPLICATE
    assert got[4][0] == BAD_CHAR
    assert got[5][0] == TOO_LONG


def test_advertising_marks_and_quiet_hours() -> None:
    import datetime as dt

    text = add_ad_marks("가을 체육행사 안내", "광주시", "080-123-4567")
    assert text.startswith("(광고)광주시 ") and text.endswith("무료수신거부 080-123-4567")
    [p] = prepare([Outgoing("t", "1", "s", "01012345678", "행사 안내")], advertising=True, sender_name="광주시", opt_out="")
    assert p.problem == "ad_rule"
    assert in_ad_quiet_hours(dt.datetime(2026, 3, 2, 21, 0))
    assert in_ad_quiet_hours(dt.datetime(2026, 3, 2, 7, 59))
    assert not in_ad_quiet_hours(dt.datetime(2026, 3, 2, 8, 0))
    assert not in_ad_quiet_hours(dt.datetime(2026, 3, 2, 20, 59))
