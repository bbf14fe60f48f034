"""법령 개정 → 조례 비교·알림 (ordinance-review)."""
