"""Outcome and exclusion labels of welfare-sms (light: read by the task declaration at start-up)."""

from __future__ import annotations

from core.notify.labels import ACCEPTED, DRY_RUN, FAILED_KO, IN_DOUBT_KO, NOT_SENT

# 제외 사유 (issue 5) plus the two the ledger and the input can add.
X_NUMBER, X_ALREADY, X_LENGTH, X_CHAR, X_STEP, X_DUP, X_DOUBT, X_PRIVATE = (
    "번호 오류",
    "이미 발송",
    "글자 초과",
    "보낼 수 없는 문자",
    "단계 미해당",
    "중복",
    "확인 필요",
    "개인정보 의심",
)
EXCLUSIONS = (X_NUMBER, X_ALREADY, X_LENGTH, X_CHAR, X_STEP, X_DUP, X_DOUBT, X_PRIVATE)
OUTCOMES = (ACCEPTED, FAILED_KO, IN_DOUBT_KO, NOT_SENT, DRY_RUN, *EXCLUSIONS)
TASK_ID = "welfare-sms"
