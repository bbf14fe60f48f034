"""Korean outcome labels of a message. A module of its own so that task declarations can name them
without importing the channels (requests) at start-up."""

from __future__ import annotations

ACCEPTED = "접수"  # the provider accepted it (delivery to the handset follows)
FAILED_KO = "실패"
IN_DOUBT_KO = "확인 필요"
ALREADY = "이미 발송"
EXCLUDED = "제외"
PENDING = "발송 예정"
DRY_RUN = "시험 실행(보내지 않음)"
NOT_SENT = "보내지 않음"

# Words a clerk reads in the 발송결과 sheet in place of our internal names (issue 10).
CHANNEL_WORDS = {"upload": "업로드 파일", "solapi": "솔라피", "nhn": "NHN Cloud", "email": "전자우편"}
# Internal outcome codes (the notifier's and the channels' own, not a provider's): shown in Korean.
INTERNAL_CODES = {
    "file": "파일 쓰기 실패",
    "retry": "재시도 초과",
    "in_doubt": "응답 없음",
    "error": "프로그램 오류",
    "not_sent": "보내지 않음",
    "refused": "주소 거부",
    "auth": "로그인 실패",
    "tls": "인증서 오류",
    "address": "주소 오류",
    "skip": "건너뜀",
    "stop": "멈춤",
}


def channel_word(name: str) -> str:
    return CHANNEL_WORDS.get(name, name)


def code_word(code: str) -> str:
    """A provider's code (2000, -2019, NotEnoughBalance) stays as it is; our own are put in Korean."""
    return INTERNAL_CODES.get(code, code)
