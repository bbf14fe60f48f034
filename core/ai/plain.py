"""'쉬운 말로 다듬기': an AI suggestion for a message template, applied only when the clerk accepts it.

There is no template editor in the window yet, so the suggestion works on the template files the
notice tasks read (``[["문구"]]`` entries with a ``"내용"``, as ``resources/templates/welfare_sms.toml``):
the window's 'AI 도우미 > 문구 쉬운 말로 다듬기' shows the original beside the suggestion, and
``apply`` writes the accepted text into the clerk's copy under the application home (the copy the
task reads first), with every comment and every other entry left as it was.

A suggestion must keep exactly the template's ``{변수}`` fields: one lost or invented would send a
citizen a message with a hole in it, so such a suggestion is refused with the reason.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.ai.assist import Assistant

FIELD = re.compile(r"\{[^{}\s]+\}")
PROMPT = (
    "당신은 지방자치단체의 안내 문자를 쉬운 한국어로 다듬는 비서입니다. 아래 문구를 주민이 한 번에 이해하도록 "
    "짧고 쉬운 말로 고쳐 쓰십시오. 중괄호로 된 자리({성명} 같은 것)는 글자 하나 바꾸지 말고 모두 그대로 두고, "
    "새 자리를 만들지 마십시오. 뜻과 날짜, 기한, 문의처는 바꾸지 마십시오. 고친 문구만 쓰십시오."
)


@dataclass(frozen=True)
class Entry:
    index: int
    step: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    original: str
    text: str  # '' when refused or not written
    reason: str  # why there is no text, in Korean


def entries(path: Path) -> list[Entry]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    found = data.get("문구") or []
    return [
        Entry(i, " ".join(str(e[k]) for k in ("단계", "알림", "급여", "구분") if e.get(k)), str(e.get("내용") or ""))
        for i, e in enumerate(found)
    ]


def suggest(assistant: Assistant, original: str) -> Suggestion:
    answer = assistant.write("쉬운 말로 다듬기", PROMPT, original, max_tokens=600)
    if answer is None:
        reason = assistant.notes[-1].removeprefix("AI 글을 넣지 못했습니다: ") if assistant.notes else "답이 없습니다."
        return Suggestion(original, "", reason)
    text = answer.strip().strip("`").strip()
    want, got = sorted(set(FIELD.findall(original))), sorted(set(FIELD.findall(text)))
    if want != got:
        lost = [f for f in want if f not in got]
        added = [f for f in got if f not in want]
        parts = ([f"빠진 자리 {' '.join(lost)}"] if lost else []) + ([f"새로 생긴 자리 {' '.join(added)}"] if added else [])
        return Suggestion(original, "", f"AI 제안이 문구의 자리를 바꿔서 쓰지 않았습니다({', '.join(parts)}).")
    return Suggestion(original, text, "")


def _literal(text: str) -> str:
    """A TOML multi-line basic string holding *text* exactly."""
    escaped = text.replace("\\", "\\\\").replace('"""', '""\\"')
    return f'"""{escaped}"""'


_VALUE = re.compile(r'("내용"|내용)\s*=\s*("""(?:.|\n)*?"""(?!")|"(?:[^"\\\n]|\\.)*"|\'\'\'(?:.|\n)*?\'\'\'|\'[^\'\n]*\')')


def apply(source: Path, target: Path, index: int, text: str) -> None:
    """Write *source* to *target* with entry *index*'s 내용 replaced by *text*; checked by reading it back."""
    raw = source.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r'^\[\[\s*"?문구"?\s*\]\]', raw, flags=re.M)]
    if index >= len(starts):
        raise ValueError(f"문구 {index + 1}번이 파일에 없습니다.")
    end = starts[index + 1] if index + 1 < len(starts) else len(raw)
    block = raw[starts[index] : end]
    m = _VALUE.search(block)
    if m is None:
        raise ValueError(f"문구 {index + 1}번의 내용을 찾지 못했습니다.")
    new_block = block[: m.start(2)] + _literal(text) + block[m.end(2) :]
    updated = raw[: starts[index]] + new_block + raw[end:]
    before, after = tomllib.loads(raw)["문구"], tomllib.loads(updated)["문구"]
    expected = [dict(e) for e in before]
    expected[index]["내용"] = text
    if after != expected:  # never leave a file that reads back differently from what the clerk accepted
        raise ValueError("고친 문구를 파일에 정확히 적지 못해 저장하지 않았습니다.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(updated, encoding="utf-8")
    tmp.replace(target)
