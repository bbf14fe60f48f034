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
