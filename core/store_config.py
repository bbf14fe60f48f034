"""Which store this PC uses: the embedded SQLite file, or a department's shared PostgreSQL (issue 18).

Only parsing and naming live here, so that the settings dialog, the status bar and the CLI can say
which store is in use without importing a database driver (nothing DB-related before the first paint).
The password is never part of the saved URL: it is the credential ``store-password`` (keyring, or
``HAENGBOT_SECRET_STORE_PASSWORD`` for unattended runs). TLS to a non-loopback server always verifies
the certificate and host name against the OS trust store, as core/http.py does for HTTP.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlsplit

from core.errors import InputError
from core.options import Option, OptionType, setting
from core.spec import Credential

if TYPE_CHECKING:
    from core.settings import Settings
    from core.store import Store

SETTING_URL = "store.url"
SETTING_LOCK_WAIT = "store.lock_wait_seconds"

STORE_SETTINGS: tuple[Option, ...] = (
    setting(
        SETTING_URL,
        "공유 저장소 주소",
        "",
        "비워 두면 이 PC 안의 데이터베이스를 씁니다. 부서에서 함께 쓸 때는 정보화 담당자가 알려 준 "
        "postgresql://사용자@서버:5432/haengbot 주소를 넣습니다(비밀번호는 주소에 넣지 않습니다).",
        OptionType.TEXT,
    ),
    setting(
        SETTING_LOCK_WAIT,
        "다른 PC 실행 대기 시간(초)",
        60,
        "같은 업무를 다른 PC에서 실행 중이면 이만큼 기다린 뒤 멈춥니다.",
        OptionType.INTEGER,
    ),
)
PASSWORD = Credential("store-password", "공유 저장소 비밀번호", "정보화 담당자에게 받은 데이터베이스 비밀번호")
HMAC_KEY = Credential(
    "store-hmac-key", "전화번호 보호 키", "정보화 담당자가 부서원 모두에게 같은 값으로 나눠 주는 키(데이터베이스에는 없습니다)"
)
STORE_CREDENTIALS = (PASSWORD, HMAC_KEY)

_SCHEMES = {"postgresql", "postgres"}
# libpq options a 정보화 team may set in the URL; anything else is refused so a typo is not silently ignored.
_ALLOWED_QUERY = {"sslmode", "sslrootcert", "connect_timeout", "application_name", "options", "target_session_attrs"}
_WEAK_SSL = {"disable", "allow", "prefer", "require"}


@dataclass(frozen=True)
class StoreTarget:
    """A parsed ``postgresql://user@host:port/db`` without its password."""

    host: str
    port: int
    user: str
    dbname: str
    query: dict[str, str] = field(default_factory=dict)

    def display(self) -> str:
        """What the status bar and error texts show: no password, ever."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def loopback(self) -> bool:
        import ipaddress  # lazily: this module is read before the first paint, ipaddress/ssl cost ~30 ms

        if self.host in {"localhost", ""} or self.host.startswith("/"):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def connect_kwargs(self, password: str | None, timeout_s: int = 10) -> dict[str, str | int]:
        """Keyword arguments for ``psycopg.connect``. A remote server gets ``verify-full`` against the OS
        trust store unless the URL asks for stricter settings itself; a weaker ``sslmode`` is refused."""
        kwargs: dict[str, str | int] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": self.dbname,
            "connect_timeout": timeout_s,
            "application_name": "HaengBot",
        }
        kwargs.update(self.query)
        if not self.loopback:
            if self.query.get("sslmode", "verify-full") in _WEAK_SSL:
                raise InputError(
                    f"공유 저장소 주소의 sslmode={self.query['sslmode']}는 서버 인증서를 확인하지 않습니다. "
                    "sslmode를 지우거나 verify-full로 하십시오."
                )
            kwargs["sslmode"] = self.query.get("sslmode", "verify-full")
            kwargs.setdefault("sslrootcert", os_trust_bundle())
        if password:
            kwargs["password"] = password
        return kwargs


def parse_store_url(raw: str) -> StoreTarget | None:
    """None for an empty setting (the embedded SQLite store); a Korean InputError for a bad URL."""
    text = (raw or "").strip()
    if not text:
        return None
    where = f"설정 {SETTING_URL}"
    parts = urlsplit(text)
    if parts.scheme not in _SCHEMES:
        raise InputError(f"{where}: 'postgresql://'로 시작해야 합니다. 예: postgresql://clerk@db.city.go.kr:5432/haengbot")
    if parts.password is not None:
        raise InputError(
            f"{where}: 주소에 비밀번호를 넣지 마십시오. 비밀번호는 인증 정보 '{PASSWORD.label}'({PASSWORD.env_var})에 저장합니다."
        )
    try:
        port = parts.port or 5432
    except ValueError:
        raise InputError(f"{where}: 포트 번호가 잘못되었습니다.") from None
    host = unquote(parts.hostname or "")
    user = unquote(parts.username or "")
    dbname = unquote(parts.path.lstrip("/"))
    if not host or not user or not dbname:
        raise InputError(
            f"{where}: 사용자, 서버, 데이터베이스 이름이 모두 있어야 합니다. 예: postgresql://clerk@db.city.go.kr:5432/haengbot"
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - _ALLOWED_QUERY)
    if unknown:
        raise InputError(f"{where}: 알 수 없는 옵션 {', '.join(unknown)}")
    return StoreTarget(host=host, port=port, user=user, dbname=dbname, query=query)


def os_trust_bundle() -> str:
    """libpq's ``sslrootcert``: ``system`` (OpenSSL's store) on Linux/macOS; on Windows, whose roots live in
    the certificate store libpq cannot read, the ROOT and CA stores exported to a PEM file in the home."""
    if sys.platform != "win32":
        return "system"
    import ssl

    from core.paths import app_home

    pems: list[str] = []
    for store_name in ("ROOT", "CA"):
        for cert, encoding, _trust in ssl.enum_certificates(store_name):  # type: ignore[attr-defined,unused-ignore]
            if encoding == "x509_asn":
                pems.append(ssl.DER_cert_to_PEM_cert(cert))
    target = Path(app_home()) / "store-ca.pem"
    target.write_text("".join(pems), encoding="ascii")
    return str(target)


def open_store(settings: Settings) -> Store:
    """The store this PC uses: the home's SQLite file when ``store.url`` is empty, else the shared PostgreSQL
    (connected, and migrated when the role may). The driver is imported only in the second case.

    A server that does not answer gives the offline journal (core/store_offline.py): Excel-only tasks run and
    their history waits on this PC; tasks that send refuse. A server that answers gets the waiting runs."""
    target = parse_store_url(str(settings.get(SETTING_URL) or ""))
    if target is None:
        from core.store import Store

        return Store()
    from core.store_offline import OfflineStore, upload_journal
    from core.store_pg import PgStore, StoreUnreachable

    try:
        shared = PgStore(target)
    except StoreUnreachable as exc:
        return OfflineStore(target, str(exc))
    upload_journal(shared)
    return shared
