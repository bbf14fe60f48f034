"""``python main.py store init`` and ``store status`` for department mode (issue 18).

``store init`` is run once by the 정보화 team as the database's owner role: it applies the numbered
migrations and, with ``--grant ROLE``, gives the clerks' role exactly what the app needs (read and write
the rows of its tables, use their identity sequences) and nothing else: no CREATE, no DROP, no ALTER.
"""

from __future__ import annotations

from typing import TextIO

from core.errors import InputError
from core.settings import Settings
from core.store_config import SETTING_URL, parse_store_url

EXIT_OK = 0


def store_init(grant: str | None, out: TextIO) -> int:
    from psycopg import sql

    from core.store_pg import connect, latest_version, migrate, schema_version

    target = parse_store_url(str(Settings().get(SETTING_URL) or ""))
    if target is None:
        raise InputError(
            f"설정 {SETTING_URL}이 비어 있습니다. 공유 저장소 주소(소유자 계정)를 먼저 설정하십시오: "
            f"python main.py settings set {SETTING_URL} postgresql://소유자@서버:5432/haengbot"
        )
    with connect(target) as conn:
        applied = migrate(conn, target)
        if grant:
            role = sql.Identifier(grant)
            with conn.transaction():
                conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
                conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role))
                conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
        version = schema_version(conn)
    out.write(
        f"공유 저장소 {target.display()}: "
        + (f"{len(applied)}개 변경을 적용했습니다" if applied else "이미 최신입니다")
        + f" (스키마 {version}/{latest_version()}).\n"
    )
    if grant:
        out.write(f"'{grant}' 계정에 표 읽기·쓰기 권한을 주었습니다(표를 만들거나 지울 권한은 없습니다).\n")
    return EXIT_OK


def describe_store() -> str:
    """One line: which store this PC uses (the status bar and ``store status`` say the same)."""
    target = parse_store_url(str(Settings().get(SETTING_URL) or ""))
    return f"공유 저장소: {target.display()}" if target else "이 PC의 저장소"
