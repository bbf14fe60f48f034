"""The message templates: an editable TOML file, one ``[["문구"]]`` per step (optionally per 급여).

Looked up in order: the ``template_file`` parameter, ``<app home>/templates/welfare_sms.toml``
(a clerk's edited copy), then the bundled ``resources/templates/welfare_sms.toml``. Only the
declared variables may appear, so a template cannot pull in a column the task never reads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError
from core.notify.wording import check_fields
from core.paths import app_home, resources_dir
from tasks.welfare_sms.rules import STEPS

FILE_NAME = "welfare_sms.toml"
VARIABLES = (
    "기관명",
    "성명",
    "급여종류",
    "신청일",
    "처리기한",
    "처리기한일수",
    "디데이",
    "담당부서",
    "담당전화",
    "결정결과",
    "연장사유",
    "보완서류",
    "보완기한",
    "이의신청",
)
PROGRAM_KEYS = ("기초생활", "기초연금", "한부모", "활동지원", "일반")


@dataclass(frozen=True)
class Template:
    step: str
    program: str  # "" for every program
    subject: str
    text: str

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        return self.subject.format_map(values), self.text.format_map(values)


def template_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    edited = app_home() / "templates" / FILE_NAME
    return edited if edited.exists() else resources_dir() / "templates" / FILE_NAME


class Templates:
    def __init__(self, items: list[Template], path: Path):
        self.items = items
        self.path = path

    @classmethod
    def load(cls, explicit: str | Path | None = None) -> Templates:
        path = template_path(explicit)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"문구 파일을 찾을 수 없습니다: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"문구 파일 {path.name}을 읽을 수 없습니다: {exc}") from None
        items = []
        for i, raw in enumerate(data.get("문구") or [], start=1):
            step, program = str(raw.get("단계", "")).strip(), str(raw.get("급여", "") or "").strip()
            where = f"{i}번째 문구({step or '단계 없음'})"
            if step not in STEPS:
                raise InputError(f"문구 파일 {path.name}의 {where}: 단계는 {', '.join(STEPS)} 중 하나여야 합니다.")
            if program and program not in PROGRAM_KEYS:
                raise InputError(f"문구 파일 {path.name}의 {where}: 급여는 {', '.join(PROGRAM_KEYS)} 중 하나여야 합니다.")
            text, subject = str(raw.get("내용", "")), str(raw.get("제목", ""))
            if not text.strip():
                raise InputError(f"문구 파일 {path.name}의 {where}에 내용이 없습니다.")
            check_fields(text, where, path, VARIABLES)
            check_fields(subject, where + " 제목", path, VARIABLES)
            items.append(Template(step, program, subject, text))
        missing = [s for s in STEPS if not any(t.step == s and not t.program for t in items)]
        if missing:
            raise InputError(f"문구 파일 {path.name}에 다음 단계의 기본 문구가 없습니다: {', '.join(missing)}")
        return cls(items, path)

    def pick(self, step: str, program: str) -> Template:
        for t in self.items:
            if t.step == step and t.program == program:
                return t
        return next(t for t in self.items if t.step == step and not t.program)
