"""Alert profiles: one per department, each with keywords, agencies, who may apply, and recipients.

The editable file is ``grant_profiles.toml`` under the application home; on first use it is copied
from the default shipped in ``resources/``. The default 시·군·구 profile comes from domain-rules.md §3:
keep calls a 지방자치단체 (시·군·구) may apply for, drop 입찰, 채용 and 인사 notices.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.filemode import make_shareable
from core.korean import particle
from core.paths import app_home, resources_dir
from tasks.grant_alerts.keys import ALL as ALL  # re-exported
from tasks.grant_alerts.keys import FILE_NAME as FILE_NAME  # re-exported
from tasks.grant_alerts.record import Grant, norm_text

KEEP, DROP = "keep", "drop"
# A profile's name goes into the digest's Subject header and its recipients into To: a CR or LF there
# is a header injection. The mail layer refuses such a message, but only at send time, after the run
# had promised a digest; so they are refused here, when the profile is saved or read.
CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
MAX_NAME = 40


def shown(text: str) -> str:
    """A value as a clerk can read it in a message: control characters written out (줄바꿈 → ⏎)."""
    return CONTROL.sub(lambda m: "⏎" if m.group(0) in "\r\n" else "�", text)


def profile_problems(p: Profile) -> list[str]:
    """Korean reasons why *p* cannot be saved (empty when it can). Shared by the file and the GUI editor."""
    found = []
    label = shown(p.name) or "(이름 없음)"
    if not p.name.strip():
        found.append("이름이 비어 있는 프로필이 있습니다.")
    elif CONTROL.search(p.name):
        found.append(f"프로필 이름 '{label}'에 줄바꿈이나 제어 문자가 있습니다. 한 줄로 적으십시오.")
    elif len(p.name) > MAX_NAME:
        found.append(f"프로필 이름 '{label[:MAX_NAME]}…'이 너무 깁니다({MAX_NAME}자까지).")
    elif p.name.strip() == ALL:
        found.append(f"'{ALL}'{particle(ALL, '은/는')} 모든 프로필을 뜻하는 말이라 이름으로 쓸 수 없습니다.")
    if CONTROL.search(p.department):
        found.append(f"'{label}'의 부서 '{shown(p.department)}'에 줄바꿈이나 제어 문자가 있습니다.")
    for address in p.recipients:
        if not EMAIL.match(address):
            found.append(f"'{label}'의 메일 주소 '{shown(address)}'{particle(shown(address), '이/가')} 올바르지 않습니다.")
    return found


@dataclass
class Profile:
    name: str
    department: str = ""
    recipients: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)  # any of them in 공고명/개요/지원대상
    exclude: list[str] = field(default_factory=list)  # any of them in 공고명 drops the call
    agencies: list[str] = field(default_factory=list)  # empty: every agency
    applicants: list[str] = field(default_factory=list)  # who may apply: one must appear in 지원대상
    unknown_applicant: str = KEEP  # 지원대상 not given (RSS leads): keep as 확인 필요, or drop
    sources: list[str] = field(default_factory=list)  # botame, bizinfo, kstartup, rss; empty: all

    def match(self, g: Grant, source_id: str) -> tuple[bool, str]:
        """(kept?, why) — the reason is shown in the 전체 sheet, so a clerk can tune the profile."""
        if self.sources and source_id not in self.sources:
            return False, "이 프로필이 보지 않는 출처"
        title = norm_text(g.title)
        for word in self.exclude:
            if norm_text(word) and norm_text(word) in title:
                return False, f"제외어 '{word}'"
        text = norm_text(" ".join((g.title, g.summary, g.target)))
        if self.include and not any(norm_text(w) and norm_text(w) in text for w in self.include):
            return False, "포함어 없음"
        if self.agencies:
            who = norm_text(f"{g.agency} {g.executor}")
            if not any(norm_text(a) in who for a in self.agencies if norm_text(a)):
                return False, "관심 기관 아님"
        if not self.applicants:
            return True, ""
        terms = [norm_text(a) for a in self.applicants if norm_text(a)]
        if g.excluded_target and any(t in norm_text(g.excluded_target) for t in terms):
            return False, f"제외대상에 지자체 포함: {g.excluded_target[:40]}"
        if g.target:
            if any(t in norm_text(g.target) for t in terms):
                return True, ""
            return False, f"신청 자격 없음(지원대상: {g.target[:40]})"
        if any(t in norm_text(f"{g.title} {g.summary}") for t in terms):
            return True, "지원대상 확인 필요"
        if self.unknown_applicant == KEEP:
            return True, "지원대상 확인 필요"
        return False, "지원대상 정보 없음"


def profiles_path() -> Path:
    return app_home() / FILE_NAME


def default_path() -> Path:
    return resources_dir() / FILE_NAME


def ensure_file() -> Path:
    """The clerk's file, created from the shipped default the first time."""
    path = profiles_path()
    if not path.exists():
        shutil.copyfile(default_path(), path)
    return path


def load(path: Path | None = None) -> list[Profile]:
    path = path or ensure_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"프로필 파일을 읽을 수 없습니다: {exc}", hint=f"{path} 파일을 고치거나 지우면 기본 프로필로 돌아갑니다."
        ) from None
    except OSError as exc:
        raise InputError(f"프로필 파일을 열 수 없습니다: {path} ({exc.strerror})") from None
    raw = data.get("profiles")
    if not isinstance(raw, list) or not raw:
        raise InputError(f"프로필 파일에 [[profiles]] 항목이 없습니다: {path}")
    out = [_profile(item, i, path) for i, item in enumerate(raw, start=1)]
    bad = [reason for p in out for reason in profile_problems(p)]
    if bad:
        raise InputError(
            f"프로필 파일에 쓸 수 없는 값이 있습니다: {' '.join(dict.fromkeys(bad))}",
            hint=f"{path} 파일(또는 [프로필] 화면)에서 고치십시오.",
        )
    names = [p.name for p in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"프로필 이름이 겹칩니다: {', '.join(dupes)} ({path})")
    return out


def _profile(item: Any, index: int, path: Path) -> Profile:
    if not isinstance(item, dict) or not str(item.get("name", "")).strip():
        raise InputError(f"{index}번째 프로필에 name이 없습니다 ({path})")
    name = str(item["name"]).strip()

    def words(key: str) -> list[str]:
        value = item.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"프로필 '{name}'의 {key}는 글자 목록이어야 합니다 (예: {key} = [\"공모\"]) ({path})")
        return [v.strip() for v in value if v.strip()]

    unknown = str(item.get("unknown_applicant", KEEP)).strip()
    if unknown not in (KEEP, DROP):
        raise InputError(f"프로필 '{name}'의 unknown_applicant는 keep 또는 drop이어야 합니다 ({path})")
    return Profile(
        name,
        str(item.get("department", "")).strip(),
        words("recipients"),
        words("include"),
        words("exclude"),
        words("agencies"),
        words("applicants"),
        unknown,
        words("sources"),
    )


def save(profiles: list[Profile], path: Path | None = None) -> Path:
    """Write the profiles back (a settings editor's one call): validated first, replaced atomically.

    Comments in a hand-edited file are not kept; the shipped default keeps the explanations.
    """
    import tomli_w

    path = path or profiles_path()
    data = {"profiles": [asdict(p) for p in profiles]}
    text = "# 행봇 공모사업 알림 프로필 (설명: resources/grant_profiles.toml)\n\n" + tomli_w.dumps(data)
    fd, tmp = tempfile.mkstemp(prefix=".grant_profiles-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        load(Path(tmp))  # never replace a good file with one that does not read back
        make_shareable(tmp)  # a department's file: not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def select(profiles: list[Profile], wanted: str) -> list[Profile]:
    wanted = (wanted or ALL).strip()
    if wanted == ALL:
        return profiles
    for p in profiles:
        if p.name == wanted:
            return [p]
    raise InputError(
        f"프로필 '{wanted}'{particle(str(wanted), '이/가')} 없습니다. 있는 프로필: {', '.join(p.name for p in profiles)}, 또는 '{ALL}'",
        hint=f"프로필은 {profiles_path()} 파일에서 고칩니다.",
    )
