"""The wizard generated from a ``TaskSpec``: 소개 → 입력 파일 → 설정 → 확인 → (task hooks) → 실행 → 결과."""
