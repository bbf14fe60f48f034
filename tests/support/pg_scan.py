"""Everything a shared PostgreSQL store holds, as text, for the personal-data searches (issue 18).

Every column of every table of the database (read as text by the server itself), and the output of
``pg_dump`` when the registry's PostgreSQL has it: what someone who copied the database would see.
"""

from __future__ import annotations

import subprocess

import psycopg

from tests.support.pg_server import PgServer, bindir


def database_text(server: PgServer, database: str) -> str:
    parts: list[str] = []
    with psycopg.connect(server.admin_url(database)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        assert "effects" in tables and "runs" in tables, tables
        for table in tables:
            for row in conn.execute(f'SELECT t::text FROM "{table}" t'):  # the whole row as the server writes it
                parts.append(f"{table}: {row[0]}")
    return "\n".join(parts)


def dump_text(server: PgServer, database: str) -> str:
    """``pg_dump --data-only`` of the database ('' when this PostgreSQL has no pg_dump)."""
    bins = bindir()
    if bins is None or not (bins / "pg_dump").exists():
        return ""
    done = subprocess.run(
        [str(bins / "pg_dump"), "--data-only", "--dbname", server.admin_url(database)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout
