"""The labels the result and the summary use; a contract with the clerks' filters."""

from __future__ import annotations

TASK_ID = "hygiene-training"

# 판정 on 매칭결과
TO_ENTER = "입력 대상"
SHORT = "시간 부족"
DUPLICATE = "중복 수료"
EXCLUDED = "입력 제외"
# 미이수 사유
NOT_TRAINED = "미이수"
CHECK_COMPLETION = "수료 확인 필요"
# 입력결과
ENTERED = "입력 완료"
ALREADY = "이미 입력"
FAILED = "실패"
IN_DOUBT = "확인 필요"
NOT_ENTERED = "입력 안 함"

OUTCOMES = (SHORT, DUPLICATE, EXCLUDED, NOT_TRAINED, CHECK_COMPLETION, FAILED, IN_DOUBT)
