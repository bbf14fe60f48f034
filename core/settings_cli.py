"""``python main.py settings list | get KEY | set KEY VALUE``: settings without the window.

For the clerk at a PC without a display, and for the 정보화 team's scripts. Values are typed and
checked as the window checks them; the 기관 names against the built-in list (``core.org``).
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from typing import Any, TextIO

from core import org
from core.errors import HaengBotError, InputError
from core.korean import particle
from core.options import Option, OptionType
from core.paths import os_reason
from core.settings import SOURCE_ENV, Settings, env_var, parse_value


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def pad(text: str, width: int) -> str:
    """Left-align in a terminal where a Korean syllable takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
    return text + " " * max(1, width - used) if used < width else text + " "


def known_spec(settings: Settings, key: str) -> Option:
    try:
        return settings.option(key)
    except KeyError:
        keys = [s.key for s in settings.options]
        near = [k for k in keys if k.startswith(key)] or difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
        hint = f"비슷한 설정: {', '.join(near)}" if near else "'python main.py settings list'로 설정 목록을 볼 수 있습니다."
        raise InputError(f"'{key}'라는 설정은 없습니다.", hint=hint) from None


def settings_list(settings: Settings, out: TextIO, *, as_json: bool = False) -> None:
    rows = [
        {
            "key": s.key,
            "label": s.label,
            "value": settings.get(s.key),
            "source": settings.source(s.key),
            "env": env_var(s.key),
        }
        for s in settings.options
    ]
    if as_json:
        out.write(json.dumps(rows, ensure_ascii=False, default=str) + "\n")
        return
    out.write(f"설정 파일: {settings.path}\n")
    out.write(f"{pad('설정', 28)} {pad('출처', 8)} {pad('값', 24)} 설명\n")
    for row in rows:
        out.write(f"{pad(row['key'], 28)} {pad(row['source'], 8)} {pad(shown(row['value']), 24)} {row['label']}\n")
    out.write("출처: 기본값 / 파일(settings.toml) / 환경변수(HAENGBOT_SETTING_<구역>_<이름>, 파일보다 우선)\n")


def settings_get(settings: Settings, key: str, out: TextIO) -> None:
    known_spec(settings, key)
    out.write(shown(settings.get(key)) + "\n")


def settings_set(settings: Settings, key: str, raw: str, out: TextIO, err: TextIO) -> None:
    spec = known_spec(settings, key)
    changes: dict[str, Any] = {}
    if not raw.strip():
        changes[key] = None  # back to the default
    elif spec.type == OptionType.SIGUNGU:
        sido_now = settings.get("org.sido") or None
        found = org.find(raw, sido_now)
        changes = {"org.sido": found.sido, "org.sigungu": found.sigungu}
    elif spec.type == OptionType.SIDO:
        sido = org.find_sido(raw)
        changes["org.sido"] = sido
        current = str(settings.file_value("org.sigungu") or "")
        if current and current not in org.sigungu_names(sido):
            changes["org.sigungu"] = None
            err.write(
                f"시·군·구 '{current}'{particle(current, '은/는')} {sido}에 없어 비웠습니다. 'settings set org.sigungu 이름'으로 정하십시오.\n"
            )
    else:
        changes[key] = parse_value(spec, raw, f"설정 {key}")
    for name, value in changes.items():
        settings.set(name, value)
    try:
        settings.save()
    except OSError as exc:
        raise HaengBotError(
            f"설정 파일을 저장하지 못했습니다({os_reason(exc)}). 파일: {settings.path}\n"
            "  → 폴더의 쓰기 권한을 확인하거나, 환경 변수 HAENGBOT_SETTING_…으로 값을 넘기십시오."
        ) from None
    for name, value in changes.items():
        out.write(f"저장했습니다: {name} = {shown(value) if value is not None else '(기본값)'}\n")
        if settings.source(name) == SOURCE_ENV:
            err.write(f"주의: 환경 변수 {env_var(name)}가 정해져 있어 실제로는 그 값({shown(settings.get(name))})이 쓰입니다.\n")
