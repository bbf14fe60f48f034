"""The ``---`` header of a Markdown statute or ordinance file (law-cases, legalize-kr, ordinance-kr).

Those headers are a small, regular part of YAML: ``key: value`` lines, nested maps by indentation,
``- item`` lists (of text or of maps), ``[]``, ``''`` and ``true``/``false``. PyYAML is not a
dependency, and YAML's own typing would hurt here: ``법령ID: 014170`` would lose its leading zero
and ``공포일자: 2024-02-20`` would become a date in one file and text in the next. So every plain
value stays text, exactly as written; only ``true``/``false`` become booleans. Anything beyond
this subset (block scalars, anchors, flow lists with items) is refused with the line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class FrontmatterError(ValueError):
    """A line the subset cannot read; *line* is 1-based in the whole file."""

    def __init__(self, reason: str, line: int):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class _Line:
    indent: int
    text: str
    number: int


def split_frontmatter(text: str) -> tuple[str | None, str, int]:
    """(the header's text or None, the body, the body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise FrontmatterError("여는 '---' 줄은 있지만 닫는 '---' 줄이 없습니다", 1)


def parse_frontmatter(header: str, first_line: int = 2) -> dict[str, Any]:
    """The header's lines (without the ``---`` fences) as a dict; *first_line* numbers the errors."""
    lines: list[_Line] = []
    for offset, raw in enumerate(header.split("\n")):
        raw = raw.rstrip("\r")
        stripped = raw.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(stripped) + 1]:
            raise FrontmatterError("들여쓰기에 탭 문자가 있습니다(공백만 씁니다)", first_line + offset)
        lines.append(_Line(len(raw) - len(stripped), stripped, first_line + offset))
    if not lines:
        return {}
    value, end = _block(lines, 0, lines[0].indent)
    if end < len(lines):
        raise FrontmatterError("들여쓰기가 맞지 않습니다", lines[end].number)
    if not isinstance(value, dict):
        raise FrontmatterError("머리말은 '이름: 값' 줄로 시작해야 합니다", lines[0].number)
    return value


def _block(lines: list[_Line], i: int, indent: int) -> tuple[Any, int]:
    if lines[i].text == "-" or lines[i].text.startswith("- "):
        return _sequence(lines, i, indent)
    return _mapping(lines, i, indent)


def _mapping(lines: list[_Line], i: int, indent: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    while i < len(lines) and lines[i].indent == indent:
        line = lines[i]
        key, value = _pair(line)
        if key in out:
            raise FrontmatterError(f"'{key}' 항목이 두 번 있습니다", line.number)
        i += 1
        if value is not None:
            out[key] = _scalar(value, line.number)
        elif i < len(lines) and (lines[i].indent > indent or (lines[i].indent == indent and lines[i].text.startswith("- "))):
            out[key], i = _block(lines, i, lines[i].indent)
        else:
            out[key] = None
    return out, i


def _sequence(lines: list[_Line], i: int, indent: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    while i < len(lines) and lines[i].indent == indent and (lines[i].text == "-" or lines[i].text.startswith("- ")):
        line = lines[i]
        rest = line.text[1:].lstrip(" ")
        inner = indent + len(line.text) - len(rest)
        if not rest:
            i += 1
            if i < len(lines) and lines[i].indent > indent:
                item, i = _block(lines, i, lines[i].indent)
                out.append(item)
            else:
                out.append(None)
        elif _looks_like_pair(rest):
            # "- 별표번호: '0000'" opens a map whose further keys sit under the first one.
            lines[i] = _Line(inner, rest, line.number)
            item, i = _mapping(lines, i, inner)
            out.append(item)
        else:
            out.append(_scalar(rest, line.number))
            i += 1
    return out, i


def _looks_like_pair(text: str) -> bool:
    if text[:1] in ("'", '"'):
        return False
    return ": " in text or text.endswith(":")


def _pair(line: _Line) -> tuple[str, str | None]:
    text = line.text
    if text.endswith(":") and ": " not in text:
        return _key(text[:-1], line.number), None
    key, sep, value = text.partition(": ")
    if not sep:
        raise FrontmatterError(f"'이름: 값' 형식이 아닙니다: {text[:40]}", line.number)
    value = value.strip()
    return _key(key, line.number), (value if value else None)


def _key(text: str, number: int) -> str:
    key = text.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in ("'", '"'):
        key = key[1:-1]
    if not key:
        raise FrontmatterError("항목 이름이 비어 있습니다", number)
    return key


def _scalar(text: str, number: int) -> Any:
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise FrontmatterError("작은따옴표가 닫히지 않았습니다", number)
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        if len(text) < 2 or not text.endswith('"'):
            raise FrontmatterError("큰따옴표가 닫히지 않았습니다", number)
        body = text[1:-1]
        return body.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if text[0] in "[{|>&*!%@`":
        raise FrontmatterError(f"읽을 수 없는 값 형식입니다: {text[:40]}", number)
    if text in ("true", "false"):
        return text == "true"
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    return text
