"""Saved profiles: a name plus one task's inputs, params and output folder (issue 17).

A profile lives as ``<home>/profiles/<name>.json``. It holds no secrets: keys stay in the keyring
(or ``HAENGBOT_SECRET_*``), the profile only names files, folders and settings.

An input is a fixed path, or ``newest:FOLDER/PATTERN``: the newest file in FOLDER whose name
matches PATTERN, by modification time, ties broken by name (the name that sorts last wins, so
``인사_2026-11.xlsx`` beats ``인사_2026-10.xlsx`` copied in the same second). Files that are not a
finished export are never chosen: Office and LibreOffice lock files (``~$x.xlsx``, ``.~lock.x#``),
partial downloads and temporaries. A chosen file that cannot be opened (Excel holds it on Windows,
no permission) stops the run with exit 2 and says so, rather than quietly taking an older one.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.korean import particle
from core.paths import app_home
from core.schedules import ScheduleDef

NEWEST = "newest:"
PROFILE_DIR = "profiles"
_NAME = re.compile(r"^[0-9A-Za-z가-힣_-]{1,40}$")
# Never an export a clerk means: lock files of Office and LibreOffice, downloads still going, temporaries.
_NOT_A_FILE = ("~$*", ".~lock.*#", "*.tmp", "*.part", "*.crdownload", "*.partial", ".*")


@dataclass(frozen=True)
class InputSource:
    """A fixed path, or the newest file in ``folder`` matching ``pattern``."""

    path: Path | None = None
    folder: Path | None = None
    pattern: str = "*"

    @staticmethod
    def parse(text: str) -> InputSource:
        if text.startswith(NEWEST):
            rest = text[len(NEWEST) :]
            folder, _sep, pattern = rest.replace("\\", "/").rpartition("/")
            if not folder or not pattern:
                raise InputError(
                    f"'{text}'의 형식이 맞지 않습니다. newest:폴더/패턴 형식으로 적어 주십시오(예: newest:공유폴더/인사랑_*.xlsx)."
                )
            return InputSource(folder=Path(folder), pattern=pattern)
        return InputSource(path=Path(text))

    def text(self) -> str:
        if self.folder is not None:
            return f"{NEWEST}{self.folder.as_posix()}/{self.pattern}"
        return str(self.path)

    def resolve(self, input_name: str, profile: str) -> Path:
        if self.folder is None:
            assert self.path is not None
            return self.path
        return newest_file(self.folder, self.pattern, input_name, profile)


def _is_candidate(path: Path) -> bool:
    return not any(fnmatch.fnmatch(path.name, p) for p in _NOT_A_FILE)


def newest_file(folder: Path, pattern: str, input_name: str = "", profile: str = "") -> Path:
    """The newest finished file in *folder* matching *pattern* (mtime, then name); InputError (exit 2) otherwise."""
    where = f" (프로필 '{profile}', 입력 {input_name})" if profile else ""
    if not folder.is_dir():
        raise InputError(
            f"폴더 '{folder}'{particle(folder.name or str(folder), '이/가')} 없습니다{where}. 폴더 위치를 확인하십시오."
        )
    found: list[tuple[int, str, Path]] = []
    for entry in folder.iterdir():
        if fnmatch.fnmatch(entry.name, pattern) and _is_candidate(entry):
            try:
                if entry.is_file():
                    found.append((entry.stat().st_mtime_ns, entry.name, entry))
            except OSError:
                continue
    if not found:
        raise InputError(
            f"폴더 '{folder}'에 '{pattern}'에 맞는 파일이 없습니다{where}. 내려받은 파일이 이 폴더에 있는지, 이름이 맞는지 확인하십시오."
        )
    chosen = max(found)[2]
    try:
        with open(chosen, "rb") as handle:
            handle.read(1)
    except OSError:
        raise InputError(
            f"가장 최근 파일 '{chosen.name}'{particle(chosen.name, '을/를')} 열 수 없습니다{where}. 다른 프로그램(엑셀 등)이 쓰고 있거나 "
            "권한이 없습니다. 파일을 닫은 뒤 다시 실행하십시오."
        ) from None
    return chosen


@dataclass
class Profile:
    name: str
    task: str
    inputs: dict[str, InputSource] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    output_dir: Path | None = None
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)  # input -> {column: header}, from the window
    send: bool = False  # a sending task sends only when this is set (else it runs as a dry run)
    schedule: ScheduleDef | None = None
    paused: bool = False
    send_confirmed_at: str | None = None  # when the clerk confirmed sending for the schedule, once

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "task": self.task,
            "inputs": {k: v.text() for k, v in self.inputs.items()},
            "sheets": dict(self.sheets),
            "mappings": {k: dict(v) for k, v in self.mappings.items()},
            "params": dict(self.params),
            "output_dir": str(self.output_dir) if self.output_dir else None,
            "send": self.send,
            "schedule": self.schedule.to_dict() if self.schedule else None,
            "paused": self.paused,
            "send_confirmed_at": self.send_confirmed_at,
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Profile:
        return Profile(
            name=str(data["name"]),
            task=str(data["task"]),
            inputs={k: InputSource.parse(str(v)) for k, v in (data.get("inputs") or {}).items()},
            sheets={k: str(v) for k, v in (data.get("sheets") or {}).items()},
            params={k: str(v) for k, v in (data.get("params") or {}).items()},
            output_dir=Path(data["output_dir"]) if data.get("output_dir") else None,
            mappings={k: {c: str(h) for c, h in v.items()} for k, v in (data.get("mappings") or {}).items()},
            send=bool(data.get("send")),
            schedule=ScheduleDef.from_dict(data["schedule"]) if data.get("schedule") else None,
            paused=bool(data.get("paused")),
            send_confirmed_at=data.get("send_confirmed_at"),
        )

    def output_path(self, when: dt.datetime, default_dir: Path) -> Path:
        """A new workbook per run, so that the morning's result never replaces yesterday's."""
        folder = self.output_dir or default_dir
        return folder / f"{self.task}_{self.name}_{when.strftime('%Y%m%d-%H%M%S')}.xlsx"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            f"프로필 이름 '{name}'{particle(name, '은/는')} 쓸 수 없습니다. 한글·영문·숫자·'-'·'_'로 40자까지 적어 주십시오(빈칸 없이)."
        )
    return name


class Profiles:
    """The profiles of one home, one JSON file each (written whole, then renamed into place)."""

    def __init__(self, home: Path | None = None):
        self.folder = (home or app_home()) / PROFILE_DIR

    def path(self, name: str) -> Path:
        return self.folder / f"{check_name(name)}.json"

    def save(self, profile: Profile) -> Path:
        path = self.path(profile.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(profile.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path

    def load(self, name: str) -> Profile:
        path = self.path(name)
        if not path.exists():
            known = ", ".join(p.name for p in self.all()) or "없음"
            raise InputError(f"프로필 '{name}'{particle(name, '이/가')} 없습니다. 저장된 프로필: {known}")
        try:
            return Profile.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"프로필 파일 '{path}'{particle(path.name, '을/를')} 읽을 수 없습니다({type(exc).__name__}). 프로필을 다시 저장하십시오."
            ) from None

    def all(self) -> list[Profile]:
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                out.append(Profile.from_dict(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return out

    def delete(self, name: str) -> bool:
        path = self.path(name)
        if not path.exists():
            return False
        path.unlink()
        return True
