"""The notice wordings: an editable TOML file per task, one ``[["문구"]]`` per 알림 (optionally per 구분).

Looked up in order: the ``template_file`` parameter, ``<app home>/templates/<task folder>/notices.toml``
(a clerk's edited copy), then the bundled ``resources/templates/<task folder>/notices.toml``, the
way welfare-sms finds its file. Only the task's declared variables may appear, so a template cannot
pull in a column the task never reads.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError
from core.notify.wording import check_fields
from core.paths import app_home, resources_dir

FILE_NAME = "notices.toml"


@dataclass(frozen=True)
class Wording:
    notice: str  # the 알림 value
    variant: str  # "" for every item; e.g. "안전점검대상"
    subject: str
    text: str

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        return self.subject.format_map(values), self.text.format_map(values)


def template_path(folder: str, explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    edited = app_home() / "templates" / folder / FILE_NAME
    return edited if edited.exists() else resources_dir() / "templates" / folder / FILE_NAME


class Wordings:
    """The wordings of one task, checked when loaded: every notice that goes to a contact has a default."""

    def __init__(self, items: list[Wording], path: Path):
        self.items = items
        self.path = path

    @classmethod
    def load(
        cls,
        folder: str,
        notices: Sequence[str],
        variables: Sequence[str],
        variants: Sequence[str] = (),
        explicit: str | Path | None = None,
    ) -> Wordings:
        path = template_path(folder, explicit)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"문구 파일을 찾을 수 없습니다: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"문구 파일 {path.name}을 읽을 수 없습니다: {exc}") from None
        items = []
        for i, raw in enumerate(data.get("문구") or [], start=1):
            notice, variant = str(raw.get("알림", "")).strip(), str(raw.get("구분", "") or "").strip()
            where = f"{i}번째 문구({notice or '알림 없음'})"
            if notice not in notices:
                raise InputError(f"문구 파일 {path.name}의 {where}: 알림은 {', '.join(notices)} 중 하나여야 합니다.")
            if variant and variant not in variants:
                allowed = ", ".join(variants) or "(없음)"
                raise InputError(f"문구 파일 {path.name}의 {where}: 구분은 {allowed} 중 하나여야 합니다.")
            text, subject = str(raw.get("내용", "")), str(raw.get("제목", ""))
            if not text.strip():
                raise InputError(f"문구 파일 {path.name}의 {where}에 내용이 없습니다.")
            check_fields(text, where, path, variables)
            check_fields(subject, where + " 제목", path, variables)
            items.append(Wording(notice, variant, subject, text))
        missing = [n for n in notices if not any(w.notice == n and not w.variant for w in items)]
        if missing:
            raise InputError(f"문구 파일 {path.name}에 다음 알림의 기본 문구가 없습니다: {', '.join(missing)}")
        return cls(items, path)

    def pick(self, notice: str, variant: str = "") -> Wording:
        for w in self.items:
            if w.notice == notice and w.variant == variant and variant:
                return w
        return next(w for w in self.items if w.notice == notice and not w.variant)
