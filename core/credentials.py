"""Secrets: the OS keyring (service ``HaengBot``), or ``HAENGBOT_SECRET_<ID>`` for unattended runs.

Never files, arguments or settings. Values read here are registered with the masking layer so that
they are scrubbed from every log line and error text.
"""

from __future__ import annotations

import os
from typing import Protocol

from core import APP_NAME
from core.errors import RunFailed
from core.masking import SECRETS
from core.spec import secret_env_var

# Windows Credential Manager refuses blobs over 2,560 bytes (UTF-16): about 1,280 characters.
MAX_SECRET_CHARS = 1200


class NoKeyringError(RunFailed):
    pass


class CredentialStore(Protocol):
    def get(self, cred_id: str) -> str | None: ...
    def set(self, cred_id: str, value: str) -> None: ...
    def delete(self, cred_id: str) -> None: ...
    def available(self) -> tuple[bool, str]: ...


class KeyringStore:
    """Adapter over ``keyring``. Linux without a Secret Service has no backend: say so in Korean."""

    def available(self) -> tuple[bool, str]:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return False, (
                "이 컴퓨터에서 비밀번호 저장소(키링)를 찾을 수 없습니다. Windows에서는 자격 증명 관리자를 "
                "사용합니다. 리눅스에서는 gnome-keyring 같은 비밀 서비스를 켜거나, 무인 실행이라면 "
                "환경 변수 HAENGBOT_SECRET_<이름>으로 값을 넘겨 주십시오."
            )
        name = type(backend).__module__ + "." + type(backend).__name__
        if "keyrings.alt" in name or "Plaintext" in name:
            return False, "평문 파일에 비밀번호를 저장하는 키링은 사용하지 않습니다."
        return True, name

    def get(self, cred_id: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(APP_NAME, cred_id)
        except KeyringError:
            return None
        SECRETS.add(value)
        return value

    def set(self, cred_id: str, value: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        ok, why = self.available()
        if not ok:
            raise NoKeyringError(why)
        if len(value) > MAX_SECRET_CHARS:
            raise RunFailed(
                f"값이 너무 깁니다({len(value)}자). Windows 자격 증명 관리자는 약 {MAX_SECRET_CHARS}자까지 저장합니다."
            )
        SECRETS.add(value)
        try:
            keyring.set_password(APP_NAME, cred_id, value)
        except KeyringError as exc:
            raise RunFailed(f"키링에 저장하지 못했습니다: {type(exc).__name__}") from None

    def delete(self, cred_id: str) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(APP_NAME, cred_id)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise RunFailed(f"키링에서 지우지 못했습니다: {type(exc).__name__}") from None


class MemoryStore:
    """In-memory store for tests and for a session that must not persist anything."""

    def __init__(self, values: dict[str, str] | None = None):
        self._values = dict(values or {})

    def available(self) -> tuple[bool, str]:
        return True, "memory"

    def get(self, cred_id: str) -> str | None:
        value = self._values.get(cred_id)
        SECRETS.add(value)
        return value

    def set(self, cred_id: str, value: str) -> None:
        SECRETS.add(value)
        self._values[cred_id] = value

    def delete(self, cred_id: str) -> None:
        self._values.pop(cred_id, None)


def lookup(store: CredentialStore, cred_id: str) -> str | None:
    """Environment first (unattended runs), then the store."""
    value = os.environ.get(secret_env_var(cred_id))
    if value:
        SECRETS.add(value)
        return value
    return store.get(cred_id)


_default_store: CredentialStore | None = None


def default_store() -> CredentialStore:
    global _default_store
    if _default_store is None:
        _default_store = KeyringStore()
    return _default_store


def set_default_store(store: CredentialStore | None) -> None:
    """Tests install a MemoryStore here."""
    global _default_store
    _default_store = store
