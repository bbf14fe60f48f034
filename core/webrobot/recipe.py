"""A web recipe: what the robot does on one site, as data a city's IT staff can edit (TOML).

A recipe is read and checked whole before any browser opens: a file that does not parse, a step
without a locator, a field that takes a column the task does not have, all stop the run with exit 2
and a Korean sentence naming the recipe step. The robot then never meets a half-valid recipe.

Locators come in the order of the issue: label text or role first (they survive a redesign of the
page), visible text or placeholder next, CSS last. Frames are a list of iframe CSS selectors from
the top page down.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.korean import particle
from core.paths import app_home, resources_dir

RECIPES_DIR = "recipes"
FIELD_TYPES = ("text", "keys", "date", "select", "number", "file", "check")
LOCATOR_KINDS = ("label", "role", "text", "placeholder", "css")
DIALOG_TYPES = ("alert", "confirm", "prompt", "beforeunload", "any")
_TEMPLATE_FIELD = re.compile(r"{([^{}]+)}")


@dataclass(frozen=True)
class Locator:
    """How to find one element: exactly one of label/role/text/placeholder/css (role may carry a name)."""

    kind: str
    value: str
    name: str = ""  # the accessible name for a role
    exact: bool = True

    def describe(self) -> str:
        if self.kind == "role":
            return f"역할 {self.value}" + (f" '{self.name}'" if self.name else "")
        return {"label": "이름표", "text": "글자", "placeholder": "안내 글자", "css": "CSS"}[self.kind] + f" '{self.value}'"


@dataclass(frozen=True)
class DialogRule:
    """A dialog the site is expected to show, matched by the text it contains, and how to answer it."""

    contains: str
    type: str = "any"
    answer: str = "accept"  # accept | dismiss

    def matches(self, dialog_type: str, message: str) -> bool:
        return (self.type in ("any", dialog_type)) and self.contains in message


@dataclass(frozen=True)
class Step:
    """A navigation step: go to a URL, click an element, wait for one, or fill one from a template."""

    name: str
    action: str  # goto | click | wait | fill
    frames: tuple[str, ...] = ()
    locator: Locator | None = None
    url: str = ""
    value: str = ""  # fill: a template such as "{영업신고번호}"


@dataclass(frozen=True)
class Field:
    """One form field: where it is, which input column it takes, and how the value is typed."""

    name: str
    column: str
    locator: Locator
    frames: tuple[str, ...] = ()
    type: str = "text"
    date_format: str = "%Y-%m-%d"
    personal: bool = False  # masked in screenshots and saved pages
    optional: bool = False  # an empty value leaves the field alone instead of failing the record


@dataclass(frozen=True)
class Readback:
    """How to find a saved record again and which of its fields to compare with what was typed."""

    steps: tuple[Step, ...]
    table: Locator
    frames: tuple[str, ...]
    match: tuple[str, ...]  # columns that identify the record's row in the result table
    compare: tuple[str, ...]  # columns compared after the row is found
    headers: Mapping[str, str]  # column -> header text in the result table (default: the column name)
    empty: Locator | None = None  # what the page shows when nothing is found (waited for instead of the table)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)


@dataclass(frozen=True)
class Recipe:
    name: str
    title: str
    source: str  # where it was read from, for messages
    base_url: str
    start: str
    logged_in: Locator
    logged_in_frames: tuple[str, ...]
    login_page: Locator | None
    session_dialogs: tuple[DialogRule, ...]
    timeout_s: float
    steps: tuple[Step, ...]
    fields: tuple[Field, ...]
    submit: Step
    dialogs: tuple[DialogRule, ...]
    success: Locator
    success_frames: tuple[str, ...]
    readback: Readback
    ignore_dialogs: tuple[DialogRule, ...] = ()
    columns: frozenset[str] = field(default_factory=frozenset)

    def url(self, path: str) -> str:
        """A step's URL: absolute as written, or relative to the recipe's base_url."""
        if re.match(r"^[a-z][a-z0-9+.\-]*://", path, re.I):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def with_base_url(self, base_url: str) -> Recipe:
        """The same recipe against another address (a test replica, a city's own server)."""
        return replace(self, base_url=base_url)

    def field_for(self, column: str) -> Field | None:
        return next((f for f in self.fields if f.column == column), None)

    @property
    def personal_columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields if f.personal)


# --------------------------------------------------------------------------- loading


def recipe_path(source: str | Path) -> Path:
    """A Path as given; a name is looked up in the home's recipes/ first, then in the shipped resources."""
    if isinstance(source, Path):
        return source
    if "/" in source or "\\" in source or source.endswith(".toml"):
        return Path(source)
    home_copy = app_home() / RECIPES_DIR / f"{source}.toml"
    if home_copy.is_file():
        return home_copy
    return resources_dir() / RECIPES_DIR / f"{source}.toml"


def load_recipe(source: str | Path, columns: Iterable[str] | None = None, *, base_url: str | None = None) -> Recipe:
    """Read and check a recipe; raises InputError (exit 2) naming the recipe step, before any browser.

    *columns* are the task's input columns: a field or template naming another column is an error.
    *base_url* replaces the recipe's own address (tests point it at a replica on 127.0.0.1).
    """
    path = recipe_path(source)
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError:
        raise InputError(
            f"웹 입력 레시피 '{path}'{particle(label, '을/를')} 읽을 수 없습니다(파일이 없거나 열 수 없음)."
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"웹 입력 레시피 '{label}'{particle(label, '은/는')} UTF-8 글자로 저장되어 있어야 합니다.") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"웹 입력 레시피 '{label}'의 형식이 잘못되었습니다: {_toml_where(exc)}",
            hint='TOML 형식(이름 = "값")과 따옴표·대괄호 짝을 확인하십시오. = 왼쪽의 한글 이름은 "교육일"처럼 따옴표로 감싸야 합니다.',
        ) from None
    recipe = _Parser(label, data).recipe()
    if base_url:
        recipe = recipe.with_base_url(base_url)
    if columns is not None:
        check_columns(recipe, frozenset(columns))
        recipe = replace(recipe, columns=frozenset(columns))
    return recipe


def _toml_where(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", text)
    return f"{m.group(1)}행 {m.group(2)}번째 글자 근처" if m else "읽을 수 없는 부분이 있습니다"


def template_columns(template: str) -> list[str]:
    return [m.strip() for m in _TEMPLATE_FIELD.findall(template)]


def fill_template(template: str, record: Mapping[str, Any]) -> str:
    """'{영업신고번호}' -> the record's value, as text (dates as YYYY-MM-DD)."""
    return _TEMPLATE_FIELD.sub(lambda m: as_text(record.get(m.group(1).strip())), template)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_columns(recipe: Recipe, columns: frozenset[str]) -> None:
    """Every column the recipe reads must be one the task has (issue 16: exit 2 before the browser)."""
    uses: list[tuple[str, str]] = [(f"입력 칸 '{f.name}'", f.column) for f in recipe.fields]
    for step in (*recipe.steps, *recipe.readback.steps):
        uses += [(f"단계 '{step.name}'", c) for c in template_columns(step.value)]
    uses += [(f"다시 읽기 확인 열 '{c}'", c) for c in (*recipe.readback.match, *recipe.readback.compare)]
    for where, column in uses:
        if column not in columns:
            known = ", ".join(sorted(columns))
            raise InputError(
                f"웹 입력 레시피 '{recipe.source}'의 {where}: 작업에 없는 열 '{column}'{particle(column, '을/를')} 씁니다.",
                hint=f"이 작업의 열: {known}",
            )


class _Parser:
    """TOML tables -> Recipe, every complaint naming the recipe file and step."""

    def __init__(self, source: str, data: dict[str, Any]):
        self.source = source
        self.data = data

    def fail(self, where: str, what: str) -> InputError:
        return InputError(f"웹 입력 레시피 '{self.source}'의 {where}: {what}")

    def table(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, f"[{key}] 부분이 없거나 표 형식이 아닙니다.")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str, *, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(where, f"'{key}' 값(글자)이 없습니다.")
        return value

    def frames(self, data: Mapping[str, Any], where: str, inherited: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = data.get("frame", data.get("frames"))
        if value is None:
            return inherited
        if isinstance(value, str):
            return (value,) if value else ()
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        raise self.fail(where, "'frame'은 iframe의 CSS 선택자(글자) 또는 그 목록이어야 합니다.")

    def locator(self, value: Any, where: str) -> Locator:
        if isinstance(value, str):  # shorthand: a bare string is a label
            value = {"label": value}
        if not isinstance(value, dict):
            raise self.fail(where, '위치 지정은 { label = "..." } 같은 표여야 합니다.')
        kinds = [k for k in LOCATOR_KINDS if k in value]
        if len(kinds) != 1:
            raise self.fail(where, "위치 지정에는 label, role, text, placeholder, css 중 정확히 하나가 있어야 합니다.")
        kind = kinds[0]
        text = value[kind]
        if not isinstance(text, str) or not text.strip():
            raise self.fail(where, f"위치 지정 '{kind}'의 값이 비어 있습니다.")
        name = value.get("name", "")
        if not isinstance(name, str):
            raise self.fail(where, "역할의 'name'은 글자여야 합니다.")
        exact = value.get("exact", True)
        return Locator(kind, text, name, bool(exact))

    def dialogs(self, values: Any, where: str) -> tuple[DialogRule, ...]:
        if values is None:
            return ()
        if not isinstance(values, list):
            raise self.fail(where, "대화상자 목록은 [[...]] 표의 목록이어야 합니다.")
        rules = []
        for i, item in enumerate(values, 1):
            here = f"{where} {i}번째 대화상자"
            if not isinstance(item, dict):
                raise self.fail(here, "표 형식이 아닙니다.")
            kind = item.get("type", "any")
            answer = item.get("answer", "accept")
            if kind not in DIALOG_TYPES:
                raise self.fail(here, f"type은 {', '.join(DIALOG_TYPES)} 중 하나여야 합니다('{kind}').")
            if answer not in ("accept", "dismiss"):
                raise self.fail(here, f"answer는 accept(확인) 또는 dismiss(취소)여야 합니다('{answer}').")
            rules.append(DialogRule(self.text(item, "text", here), kind, answer))
        return tuple(rules)

    def step(self, item: Any, where: str, frames: tuple[str, ...]) -> Step:
        if not isinstance(item, dict):
            raise self.fail(where, "표 형식이 아닙니다.")
        name = item.get("name") or where
        if not isinstance(name, str):
            raise self.fail(where, "'name'은 글자여야 합니다.")
        here = f"단계 '{name}'"
        actions = [a for a in ("goto", "click", "wait", "fill") if a in item]
        if len(actions) != 1:
            raise self.fail(here, "goto, click, wait, fill 중 정확히 하나가 있어야 합니다.")
        action = actions[0]
        step_frames = self.frames(item, here, frames)
        if action == "goto":
            return Step(name, action, step_frames, url=self.text(item, "goto", here))
        locator = self.locator(item[action], here)
        value = ""
        if action == "fill":
            value = self.text(item, "value", here)
        return Step(name, action, step_frames, locator, value=value)

    def steps(self, values: Any, where: str, frames: tuple[str, ...]) -> tuple[Step, ...]:
        if values is None:
            return ()
        if not isinstance(values, list):
            raise self.fail(where, "단계 목록은 [[...]] 표의 목록이어야 합니다.")
        return tuple(self.step(item, f"{where} {i}번째 단계", frames) for i, item in enumerate(values, 1))

    def field(self, item: Any, index: int, frames: tuple[str, ...]) -> Field:
        where = f"{index}번째 입력 칸"
        if not isinstance(item, dict):
            raise self.fail(where, "표 형식이 아닙니다.")
        column = self.text(item, "column", where)
        name = item.get("name") or column
        here = f"입력 칸 '{name}'"
        kind = item.get("type", "text")
        if kind not in FIELD_TYPES:
            raise self.fail(here, f"type은 {', '.join(FIELD_TYPES)} 중 하나여야 합니다('{kind}').")
        date_format = item.get("date_format", "%Y-%m-%d")
        if not isinstance(date_format, str) or (kind == "date" and "%" not in date_format):
            raise self.fail(here, f"date_format '{date_format}'에 %Y, %m, %d 같은 자리가 없습니다.")
        if "locator" not in item:
            raise self.fail(here, "'locator'(위치 지정)가 없습니다.")
        return Field(
            str(name),
            column,
            self.locator(item["locator"], here),
            self.frames(item, here, frames),
            kind,
            date_format,
            bool(item.get("personal", False)),
            bool(item.get("optional", False)),
        )

    def recipe(self) -> Recipe:
        data = self.data
        name = self.text(data, "name", "맨 위")
        title = self.text(data, "title", "맨 위", default=name)
        site = self.table(data, "site", "[site]")
        timeout = site.get("timeout_s", 30)
        if not isinstance(timeout, int | float) or not 0 < timeout <= 600:
            raise self.fail("[site]", "timeout_s는 1초에서 600초 사이의 숫자여야 합니다.")
        login_page = site.get("login_page")
        base_url = self.text(site, "base_url", "[site]")
        form = self.table(data, "form", "[form]")
        form_frames = self.frames(form, "[form]")
        fields_raw = form.get("fields")
        if not isinstance(fields_raw, list) or not fields_raw:
            raise self.fail("[form]", "입력 칸([[form.fields]])이 하나도 없습니다.")
        fields = tuple(self.field(item, i, form_frames) for i, item in enumerate(fields_raw, 1))
        seen: set[str] = set()
        for f in fields:
            if f.column in seen:
                raise self.fail(f"입력 칸 '{f.name}'", f"열 '{f.column}'{particle(f.column, '이/가')} 두 번 나옵니다.")
            seen.add(f.column)
        submit_raw = self.table(form, "submit", "[form.submit]")
        submit = self.step({"name": "저장", **submit_raw}, "[form.submit]", form_frames)
        if submit.action != "click":
            raise self.fail("[form.submit]", "저장 단계는 click이어야 합니다.")
        success_raw = self.table(form, "success", "[form.success]")
        rb = self.table(data, "readback", "[readback]")
        rb_frames = self.frames(rb, "[readback]")
        match = rb.get("match")
        compare = rb.get("compare", [])
        if not isinstance(match, list) or not match or not all(isinstance(c, str) for c in match):
            raise self.fail("[readback]", "'match'(결과 표에서 그 기록을 찾을 열 목록)가 없습니다.")
        if not isinstance(compare, list) or not all(isinstance(c, str) for c in compare):
            raise self.fail("[readback]", "'compare'는 열 이름의 목록이어야 합니다.")
        headers = rb.get("headers", {})
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise self.fail("[readback.headers]", '열 이름 = "결과 표의 제목" 형식이어야 합니다.')
        readback = Readback(
            steps=self.steps(rb.get("steps"), "[readback]", rb_frames),
            table=self.locator(rb.get("table"), "[readback] 결과 표(table)"),
            frames=rb_frames,
            match=tuple(match),
            compare=tuple(compare),
            headers=dict(headers),
            empty=self.locator(rb["empty"], "[readback] 결과 없음(empty)") if "empty" in rb else None,
        )
        if not readback.steps:
            raise self.fail("[readback]", "조회 화면으로 가는 단계([[readback.steps]])가 없습니다.")
        session = self.table(data, "session", "[session]", required=False)
        return Recipe(
            name=name,
            title=title,
            source=self.source,
            base_url=base_url,
            start=self.text(site, "start", "[site]"),
            logged_in=self.locator(site.get("logged_in"), "[site] 로그인 표시(logged_in)"),
            logged_in_frames=self.frames({"frame": site.get("logged_in_frame")}, "[site]"),
            login_page=self.locator(login_page, "[site] 로그인 화면 표시(login_page)") if login_page else None,
            session_dialogs=self.dialogs(session.get("dialogs"), "[session]"),
            timeout_s=float(timeout),
            steps=self.steps(form.get("steps"), "[form]", form_frames),
            fields=fields,
            submit=submit,
            dialogs=self.dialogs(form.get("dialogs"), "[form]"),
            success=self.locator(success_raw.get("locator", success_raw), "[form.success]"),
            success_frames=self.frames(success_raw, "[form.success]", form_frames),
            readback=readback,
            ignore_dialogs=self.dialogs(data.get("ignore_dialogs"), "[[ignore_dialogs]]"),
        )
