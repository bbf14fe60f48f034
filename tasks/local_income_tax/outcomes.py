"""판정 labels of local-income-tax, in the order 대사결과 and 요약 list them (findings first, 정상 last).

Kept apart from ``task.py`` so that declaring the task (the launcher, ``main.py list``) imports no pandas.
"""

from __future__ import annotations

NORMAL, NO_FILING, UNDER, OVER, UNPAID, AMENDED, DOMICILE, LOCAL_ONLY = (
    "정상",
    "무신고",
    "과소신고",
    "과다신고",
    "미납/일부납부",
    "국세 수정 미반영",
    "납세지 확인",
    "지방만 존재",
)
OUTCOMES = (NO_FILING, UNDER, AMENDED, OVER, UNPAID, DOMICILE, LOCAL_ONLY, NORMAL)
LOCAL_TAX = "지방소득세 신고세액"  # the local side's column: a canonical name with a space
