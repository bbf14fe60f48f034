"""Non-secret settings in ``settings.toml`` under the application home, declared once with defaults.

Every setting can also come from an environment variable ``HAENGBOT_SETTING_<SECTION>_<KEY>``
(``org.sigungu`` → ``HAENGBOT_SETTING_ORG_SIGUNGU``), which wins over the file: a 정보화 team
pushes settings to every PC that way, and unattended runs set them per job. Values from the
environment are typed like the file's (int, bool) and are never written back to the file.

Secrets never go here: they live in the OS keyring (see ``core.credentials``).
"""

from __future__ import annotations

import os
import tempfile
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from core.errors import InputError
from core.filemode import make_shareable
from core.korean import particle
from core.notify.config import EMAIL_SETTINGS, NOTIFY_SETTINGS
from core.options import Option, OptionType, setting
from core.paths import app_home, default_output_dir
from core.store_config import STORE_SETTINGS

if TYPE_CHECKING:
    from core.spec import TaskSpec


@dataclass(frozen=True)
class SettingsSection:
    """One table of settings.toml as the 설정 dialog shows it: a tab, titled in Korean."""

    id: str
    title: str
    options: tuple[Option, ...]


ENV_PREFIX = "HAENGBOT_SETTING_"
TRUE = {"1", "true", "yes", "y", "on", "예", "네", "사용", "참"}
FALSE = {"0", "false", "no", "n", "off", "아니오", "아니요", "사용안함", "사용 안 함", "거짓"}
# Where a value comes from, as `settings list` and the settings dialog name it.
SOURCE_DEFAULT, SOURCE_FILE, SOURCE_ENV = "기본값", "파일", "환경변수"


def env_var(key: str) -> str:
    """'org.sigungu' -> 'HAENGBOT_SETTING_ORG_SIGUNGU'."""
    return ENV_PREFIX + key.upper().replace(".", "_").replace("-", "_")


_CORE: tuple[Option, ...] = (
    setting("general.output_dir", "결과 저장 폴더", "", "비워 두면 문서 폴더의 '행봇 결과'에 저장합니다.", OptionType.PATH),
    # The 기관: no city is built in (core/org.py checks the names against the built-in list).
    setting("org.sido", "시·도", "", "일하는 기관의 시·도입니다. 예: 경기도", OptionType.SIDO),
    setting(
        "org.sigungu",
        "시·군·구",
        "",
        "일하는 기관의 시·군·구입니다. 예: 광주시. 납세지 확인과 문자 앞머리 [기관명]에 씁니다(세종특별자치시는 비워 둡니다).",
        OptionType.SIGUNGU,
    ),
    setting(
        "network.proxy_mode",
        "프록시",
        "system",
        "인터넷 연결 방식입니다.",
        OptionType.CHOICE,
        (("system", "시스템 설정 따름"), ("manual", "직접 지정"), ("none", "사용 안 함")),
    ),
    setting("network.proxy_url", "프록시 주소", "", "예: http://proxy.city.go.kr:8080", OptionType.URL),
    setting("network.timeout_seconds", "응답 대기 시간(초)", 30, "", OptionType.INTEGER),
    setting(
        "network.verify_tls",
        "인증서 확인",
        True,
        "끄지 마십시오. 기관 인증서는 운영체제 인증서 저장소에서 읽습니다.",
        OptionType.BOOL,
    ),
    # net (issue 10): every response is capped in decoded size and in total time (core/response_limits.py).
    setting(
        "network.max_response_mb",
        "응답 최대 크기(MB)",
        50,
        "압축을 푼 크기로 셉니다. 넘으면 그 출처만 실패로 적습니다.",
        OptionType.INTEGER,
    ),
    setting(
        "network.total_timeout_seconds",
        "응답 전체 제한 시간(초)",
        120,
        "한 번의 요청이 끝날 때까지 기다리는 최대 시간. 조금씩 흘려 보내는 서버도 이 시간에서 끊습니다.",
        OptionType.INTEGER,
    ),
    # AI 도우미 (issue 20): off by default. Declared here, not in core/ai, so that the settings never import it.
    setting(
        "ai.enabled",
        "AI 도우미 사용",
        False,
        "켜면 공모사업 요약, 조례 개정 설명 같은 초안을 AI가 씁니다. 개인정보는 가린 뒤에 보냅니다.",
        OptionType.BOOL,
    ),
    setting(
        "ai.base_url",
        "AI 서버 주소",
        "",
        "OpenAI 호환 주소. 예: 기관 내부 서버 http://ai.city.go.kr:8000/v1, 클라우드 https://api.openai.com/v1",
        OptionType.URL,
    ),
    setting("ai.model", "AI 모델 이름", "", "서버에 있는 모델 이름. 예: qwen2.5-7b-instruct", OptionType.TEXT),
    setting(
        "ai.daily_token_budget",
        "하루 토큰 한도",
        200000,
        "하루에 쓸 수 있는 토큰(질문+답) 합계. 넘으면 그날은 AI 글 없이 실행합니다.",
        OptionType.INTEGER,
    ),
    setting(
        "ai.timeout_seconds", "AI 응답 제한 시간(초)", 60, "이 시간 안에 답이 없으면 AI 글을 빼고 계속합니다.", OptionType.INTEGER
    ),
    # reader
    setting(
        "reader.max_file_mb",
        "입력 파일 최대 크기(MB)",
        500,
        "이보다 큰 엑셀·CSV 파일은 읽지 않습니다(메모리를 지키려는 제한입니다).",
        OptionType.INTEGER,
    ),
)


def core_sections() -> tuple[SettingsSection, ...]:
    """The application's own settings, whatever tasks are installed (notification and mail are core services)."""
    by_section = {section: tuple(o for o in _CORE if o.section == section) for section in CORE_TITLES}
    by_section["notify"], by_section["email"] = NOTIFY_SETTINGS, EMAIL_SETTINGS
    by_section["store"] = STORE_SETTINGS  # department mode (issue 18): core/store_config.py
    return tuple(SettingsSection(section, title, by_section[section]) for section, title in CORE_TITLES.items())


CORE_TITLES = {
    "general": "일반",
    "org": "기관",
    "network": "네트워크",
    "reader": "입력 파일",
    "notify": "문자 발송",
    "email": "메일",
    "store": "공유 저장소",
    "ai": "AI 도우미",
}


def sections(tasks: Iterable[TaskSpec] = ()) -> tuple[SettingsSection, ...]:
    """Every declared setting: the core's sections, then one per task that declares settings, titled
    with the task's title. A key declared twice is a programming error, caught when the list is made."""
    found = [*core_sections()]
    found += [SettingsSection(task.id, task.title, task.settings) for task in tasks if task.settings]
    seen: set[str] = set()
    for section in found:
        for option in section.options:
            if option.key in seen:
                raise RuntimeError(f"setting {option.key!r} is declared twice ({section.id})")
            seen.add(option.key)
    return tuple(found)


def declared(tasks: Iterable[TaskSpec] = ()) -> tuple[Option, ...]:
    return tuple(option for section in sections(tasks) for option in section.options)


def parse_value(spec: Option, raw: Any, where: str) -> Any:
    """A text (command line, environment) typed as the setting declares; *where* names its origin."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if spec.type == OptionType.INTEGER:
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise InputError(f"{where}의 값 '{raw}'{particle(str(raw), '은/는')} 정수여야 합니다({spec.label}).") from None
    if spec.type == OptionType.BOOL:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise InputError(f"{where}의 값 '{raw}'{particle(str(raw), '은/는')} 예/아니오(true/false)여야 합니다({spec.label}).")
    if spec.type == OptionType.CHOICE:
        for value, label in spec.choices:
            if text in (value, label):
                return value
        allowed = ", ".join(f"{v}({label})" for v, label in spec.choices)
        raise InputError(f"{where}의 값 '{raw}'{particle(str(raw), '은/는')} 다음 중 하나여야 합니다: {allowed}")
    return text


class Settings:
    """Read once, write atomically. Unknown keys in the file are kept (newer versions may add them)."""

    def __init__(self, path: Path | None = None, options: Iterable[Option] = ()):
        self.path = path or app_home() / "settings.toml"
        self._lock = threading.Lock()
        self._data: dict[str, Any] = {}
        # What this object knows is declared: the core's settings and the options handed in (every
        # task's for the dialog and ``settings list``, the running task's for a run). Nothing global.
        self._options: dict[str, Option] = {}
        self.declare(declared())
        self.declare(options)
        self.reload()

    def declare(self, options: Iterable[Option]) -> None:
        """Make *options* known to this object (their defaults, and types for environment values)."""
        for option in options:
            self._options.setdefault(option.key, option)

    def option(self, key: str) -> Option:
        """The declaration of *key*; ``KeyError`` when nothing declared it."""
        return self._options[key]

    @property
    def options(self) -> tuple[Option, ...]:
        return tuple(self._options.values())

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
        """Environment variable, else the file, else the declared default."""
        raw = os.environ.get(env_var(key))
        if raw is not None:
            try:
                return parse_value(self.option(key), raw, f"환경 변수 {env_var(key)}")
            except KeyError:
                return raw
        value = self.file_value(key)
        if value is None:
            known = self._options.get(key)
            return None if known is None else known.default
        return value

    def file_value(self, key: str) -> Any:
        section, _, name = key.partition(".")
        return self._data.get(section, {}).get(name)

    def source(self, key: str) -> str:
        """기본값 / 파일 / 환경변수: where ``get(key)`` takes its value from."""
        if env_var(key) in os.environ:
            return SOURCE_ENV
        return SOURCE_FILE if self.file_value(key) is not None else SOURCE_DEFAULT

    def fixed_by_env(self, key: str) -> bool:
        """True when an environment variable decides this setting (the window shows it read-only)."""
        return env_var(key) in os.environ

    def set(self, key: str, value: Any) -> None:
        """``None`` removes the key from the file (the default, or the environment, applies again)."""
        section, _, name = key.partition(".")
        with self._lock:
            if value is None:
                self._data.get(section, {}).pop(name, None)
                return
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
