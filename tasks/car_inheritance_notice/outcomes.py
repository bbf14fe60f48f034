"""The 구분 labels and the shortest 공고 period: light, so that listing tasks imports no calendar (holidays)."""

from __future__ import annotations

# 구분, in precedence order: the first that applies wins (a contract, issue 15).
TRANSFERRED = "이전완료"
PUBLIC_NOTICE = "공시송달 대상"
OVERDUE = "기한 경과"
TO_GUIDE = "안내 대상"
GUIDED = "안내 완료"
CATEGORIES = (TRANSFERRED, PUBLIC_NOTICE, OVERDUE, TO_GUIDE, GUIDED)

NOTICE_EFFECT_DAYS = 14  # 행정절차법 제15조③: 공고일부터 14일이 지난 때 효력
MIN_NOTICE_DAYS = 14  # a shorter 공고기간 would end before the notice takes effect
