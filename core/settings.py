"""Non-secret settings in ``settings.toml`` under the application home, declared once with defaults.

Secrets never go here: they live in the OS keyring (see ``core.credentials``).
"""

from __future__ import annotations

import os
import tempfile
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from core.errors import InputError
from core.filemode import make_shareable
from core.paths import app_home, default_output_dir


@dataclass(frozen=True)
class SettingSpec:
    key: str  # dotted: section.name
    label: str
    default: Any
    help: str = ""
    kind: str = "text"  # text, path, url, int, bool, choice
    choices: tuple[tuple[str, str], ...] = ()


SETTINGS: list[SettingSpec] = [
    SettingSpec("general.output_dir", "결과 저장 폴더", "", "비워 두면 문서 폴더의 '행봇 결과'에 저장합니다.", "path"),
    SettingSpec(
        "network.proxy_mode",
        "프록시",
        "system",
        "인터넷 연결 방식입니다.",
        "choice",
        (("system", "시스템 설정 따름"), ("manual", "직접 지정"), ("none", "사용 안 함")),
    ),
    SettingSpec("network.proxy_url", "프록시 주소", "", "예: http://proxy.city.go.kr:8080", "url"),
    SettingSpec("network.timeout_seconds", "응답 대기 시간(초)", 30, "", "int"),
    SettingSpec(
        "network.verify_tls", "인증서 확인", True, "끄지 마십시오. 기관 인증서는 운영체제 인증서 저장소에서 읽습니다.", "bool"
    ),
]


def register(spec: SettingSpec) -> None:
    """Later modules (notifications, sources) declare their own settings here, once."""
    if not any(s.key == spec.key for s in SETTINGS):
        SETTINGS.append(spec)


def spec_for(key: str) -> SettingSpec:
    for spec in SETTINGS:
        if spec.key == key:
            return spec
    raise KeyError(key)


class Settings:
    """Read once, write atomically. Unknown keys in the file are kept (newer versions may add them)."""

    def __init__(self, path: Path | None = None):
        self.path = path or app_home() / "settings.toml"
        self._lock = threading.Lock()
        self._data: dict[str, Any] = {}
        self.reload()

    def reload(self) -> None:
        if not self.path.exists():
            self._data = {}
            return
        try:
            with open(self.path, "rb") as fh:
                self._data = tomllib.load(fh)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(
                f"설정 파일을 읽을 수 없습니다: {exc}", hint=f"{self.path} 파일을 지우면 기본값으로 돌아갑니다."
            ) from None

    def get(self, key: str) -> Any:
        section, _, name = key.partition(".")
        value = self._data.get(section, {}).get(name)
        if value is None:
            try:
                return spec_for(key).default
            except KeyError:
                return None
        return value

    def set(self, key: str, value: Any) -> None:
        section, _, name = key.partition(".")
        with self._lock:
            self._data.setdefault(section, {})[name] = value

    def save(self) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".toml", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    tomli_w.dump(self._data, fh)
                make_shareable(tmp)  # not mkstemp's 0600
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def output_dir(self) -> Path:
        configured = self.get("general.output_dir")
        return Path(configured) if configured else default_output_dir()
