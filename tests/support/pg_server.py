"""A throwaway PostgreSQL server on 127.0.0.1 for the test session (department mode, issue 18).

Why a private cluster: the tests need a real server (advisory locks, ON CONFLICT, many processes), but
must not touch a system cluster or need one configured. `initdb` makes a cluster in a temp dir, `pg_ctl`
starts it on a free loopback port, and the session stops it and deletes the dir. PostgreSQL refuses to
run as root, so under root the cluster belongs to an unprivileged user (``postgres`` or ``nobody``).
Host connections need a password (scram-sha-256), so the tests go through the ``store-password``
credential exactly as a clerk's PC does.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ADMIN = "haengbot_admin"
CI_VARIABLE = "HAENGBOT_CI"


@dataclass(frozen=True)
class PgServer:
    """A running server: `admin_url` has the superuser's password in it (tests only)."""

    host: str
    port: int
    password: str
    datadir: Path

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        """A store URL without its password, as a clerk's settings.toml keeps it."""
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://{ADMIN}:{self.password}@{self.host}:{self.port}/{database}"


def bindir() -> Path | None:
    """Where initdb/pg_ctl are: HAENGBOT_PG_BINDIR, else the newest Debian /usr/lib/postgresql/N/bin, else PATH."""
    override = os.environ.get("HAENGBOT_PG_BINDIR")
    if override is not None:
        return Path(override) if (Path(override) / "initdb").exists() else None
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name or 0))
    for candidate in reversed(versions):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """The unprivileged owner of the cluster when we are root, else None (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("root 로 실행 중인데 PostgreSQL 을 실행할 일반 사용자(postgres/nobody)가 없습니다")


def start() -> PgServer:
    """initdb + pg_ctl start; raises RuntimeError with the reason when it cannot."""
    bins = bindir()
    if bins is None:
        raise RuntimeError("PostgreSQL(initdb, pg_ctl)이 설치되어 있지 않습니다: bash scripts/system-deps.sh test")
    user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="haengbot-pg-"))
    datadir, pwfile, logfile = base / "data", base / "pw", base / "server.log"
    password = secrets.token_urlsafe(18)
    pwfile.write_text(password + "\n", encoding="utf-8")
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"

    def run(args: list[str]) -> None:
        done = subprocess.run(args, user=user, env=env, cwd=base, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
            raise RuntimeError(f"{args[0]} 실패 ({done.returncode}): {done.stderr.strip()[-2000:]} {tail}")

    run([str(bins / "initdb"), "-D", str(datadir), "-U", ADMIN, f"--pwfile={pwfile}", "-E", "UTF8",
         "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])  # fmt: skip
    port = _free_port()
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    run([str(bins / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(logfile), "-w", "-t", "60", "start"])
    return PgServer(host="127.0.0.1", port=port, password=password, datadir=datadir)


def stop(server: PgServer) -> None:
    bins = bindir()
    base = server.datadir.parent
    if bins is not None:
        subprocess.run(
            [str(bins / "pg_ctl"), "-D", str(server.datadir), "-m", "fast", "-w", "stop"],
            user=_run_as(),
            cwd=base,
            capture_output=True,
            timeout=120,
        )
    shutil.rmtree(base, ignore_errors=True)


def create_database(server: PgServer) -> str:
    """A fresh empty database for one test; returns its name."""
    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(server: PgServer, name: str) -> None:
    import psycopg

    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
