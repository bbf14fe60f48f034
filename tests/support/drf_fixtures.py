"""Builds tests/data/drf/ from the real texts in shared/data/law-cases/ (run once; the output is committed).

``python -m tests.support.drf_fixtures [LAW_CASES_DIR]`` writes, for each law version and ordinance
of the chosen cases, the ``lawService`` body law.go.kr would send, in JSON and in XML, in the
shapes of shared/reference/external-apis.md §1.6 [code, chrisryugj/군포 tool]:
- law: ``법령`` → ``기본정보`` (법종구분/소관부처 with their code attributes), ``조문`` → ``조문단위``
  (편·장 headings as ``조문여부`` = ``전문``; ``조문내용`` = ``제N조(제목)`` plus the text before the
  first 항; 호 of an article without 항 inside a 항 that has no 항번호, as law.go.kr sends them),
  ``부칙`` → ``부칙단위``;
- ordinance: ``LawService`` → ``자치법규기본정보`` (``자치법규종류`` coded C0001), ``조문`` → ``조`` with
  6-digit ``조문번호`` and the whole article in ``조내용``, ``부칙``;
- the JSON of every second law version puts each 항's 목 beside its 호 (the JSON quirk), writes
  multi-line contents as a list of strings, and a single 항 as an object;
- ``oldAndNew`` bodies (only the changed articles, paired by index).
Nothing is invented: every text line comes from the Markdown file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from core.frontmatter import parse_frontmatter, split_frontmatter

ROOT = Path(__file__).resolve().parents[1] / "data" / "drf"
CASES = ("C1-hometown-donation", "C4-personal-info")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
KIND_CODES = {"법률": "A0002", "대통령령": "A0003", "총리령": "A0004", "부령": "A0007"}
_ARTICLE = re.compile(r"^#####\s+제(\d+)조(?:의(\d+))?\s*(?:\((.*)\))?\s*$")
_ADDENDUM = re.compile(r"^부\s*칙.*<제(\d+)호,\s*(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?>")


def _clean(line: str) -> str:
    """Markdown escapes off (``**①**`` → ``①``, ``1\\.`` → ``1.``), as law.go.kr writes them."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", line).replace("\\.", ".").replace("\\", "")


def _date(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def _split(text: str) -> tuple[dict[str, Any], list[str]]:
    header, body, _ = split_frontmatter(text)
    return (parse_frontmatter(header) if header else {}), body.splitlines()


def _law_units(lines: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    units: list[dict[str, Any]] = []
    addenda: list[dict[str, Any]] = []
    art: dict[str, Any] | None = None
    in_addenda = False
    key = 0
    for raw in lines:
        if raw.strip() == "## 부칙":
            in_addenda, art = True, None
            continue
        if in_addenda:
            text = raw.strip()
            if not text:
                continue
            m = _ADDENDUM.match(text)
            if m:
                addenda.append(
                    {"부칙공포일자": f"{m[2]}{int(m[3]):02d}{int(m[4]):02d}", "부칙공포번호": m[1], "부칙내용": [text]}
                )
            elif addenda:
                addenda[-1]["부칙내용"].append(text)
            continue
        m = _ARTICLE.match(raw)
        if m:
            key += 1
            art = {
                "조문번호": m[1],
                "조문가지번호": m[2] or "",
                "조문여부": "조문",
                "조문제목": (m[3] or "").strip(),
                "head": f"제{m[1]}조" + (f"의{m[2]}" if m[2] else "") + (f"({m[3].strip()})" if m[3] else ""),
                "intro": [],
                "항": [],
            }
            units.append(art)
            continue
        if re.match(r"^#{2,4}\s", raw) and units is not None:
            heading = raw.lstrip("#").strip()
            units.append({"조문번호": "0", "조문여부": "전문", "조문내용": heading})
            art = None
            continue
        if art is None or not raw.strip() or raw.startswith("# "):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        text = _clean(raw.strip())
        hangs = art["항"]
        if text[:1] in CIRCLED and raw.lstrip().startswith("**"):
            hangs.append({"항번호": text[0], "항내용": [text], "호": [], "목": []})
        elif indent == 2 and re.match(r"^\d+(의\d+)?\.", text):
            if not hangs:
                hangs.append({"호": [], "목": []})  # 호 of an article without 항
            hangs[-1]["호"].append({"호번호": text.split(".")[0] + ".", "호내용": [text], "목": []})
        elif indent == 4 and re.match(r"^[가-힣]\.", text) and hangs and hangs[-1]["호"]:
            hangs[-1]["호"][-1]["목"].append({"목번호": text[:2], "목내용": [text]})
        else:  # a continuation: it belongs to the last unit written
            if hangs:
                hang = hangs[-1]
                if hang["호"] and hang["호"][-1]["목"]:
                    hang["호"][-1]["목"][-1]["목내용"].append(text)
                elif hang["호"]:
                    hang["호"][-1]["호내용"].append(text)
                elif "항내용" in hang:
                    hang["항내용"].append(text)
                else:
                    art["intro"].append(text)
            else:
                art["intro"].append(text)
    for unit in units:
        if unit.get("조문여부") == "조문":
            unit["조문내용"] = " ".join([unit.pop("head"), *unit["intro"][:1]]) if unit["intro"] else unit.pop("head")
            unit.pop("head", None)
            rest = unit.pop("intro")[1:]
            if rest:
                unit["조문내용"] = [unit["조문내용"], *rest]
    return units, addenda


def law_body(path: Path, quirky: bool) -> dict[str, Any]:
    front, lines = _split(path.read_text(encoding="utf-8"))
    units, addenda = _law_units(lines)
    ministries = front.get("소관부처") or []
    info = {
        "법령ID": str(front["법령ID"]),
        "법령일련번호": str(front["법령MST"]),
        "공포일자": _date(front["공포일자"]),
        "공포번호": str(front["공포번호"]),
        "법령명_한글": front["제목"],
        "법종구분": {"content": front["법령구분"], "법종구분코드": KIND_CODES.get(front["법령구분"], "")},
        "소관부처": [{"content": m, "소관부처코드": ""} for m in ministries],
        "시행일자": _date(front.get("시행일자")),
        "제개정구분": "일부개정",
    }
    if len(info["소관부처"]) == 1:
        info["소관부처"] = info["소관부처"][0]
    for unit in units:
        for hang in unit.get("항", []):
            for key in ("항내용",):
                if key in hang and len(hang[key]) == 1 and not quirky:
                    hang[key] = hang[key][0]
            if quirky:  # 목 beside their 호, the JSON quirk
                for ho in hang["호"]:
                    hang["목"] += ho.pop("목")
            for ho in hang["호"]:
                ho["호내용"] = ho["호내용"][0] if len(ho["호내용"]) == 1 else ho["호내용"]
                for mok in ho.get("목", []):
                    mok["목내용"] = "\n".join(mok["목내용"])
            for mok in hang["목"]:
                if isinstance(mok["목내용"], list):
                    mok["목내용"] = "\n".join(mok["목내용"])
            if not hang["목"]:
                del hang["목"]
        if quirky and len(unit.get("항", [])) == 1:
            unit["항"] = unit["항"][0]  # a single 항 as an object
        if unit.get("항") == []:
            del unit["항"]
    for add in addenda:
        add["부칙내용"] = "\n".join(add["부칙내용"])
    return {"법령": {"기본정보": info, "조문": {"조문단위": units}, "부칙": {"부칙단위": addenda}}}


def ordinance_body(path: Path) -> dict[str, Any]:
    front, lines = _split(path.read_text(encoding="utf-8"))
    articles: list[dict[str, Any]] = []
    addendum: list[str] = []
    in_addenda = False
    for raw in lines:
        if raw.strip() == "## 부칙":
            in_addenda = True
            continue
        if in_addenda:
            if raw.strip():
                addendum.append(raw)
            continue
        m = _ARTICLE.match(raw)
        if m:
            head = f"제{m[1]}조" + (f"의{m[2]}" if m[2] else "") + (f"({m[3].strip()})" if m[3] else "")
            number = f"{int(m[1]):04d}{int(m[2] or 0):02d}"
            articles.append({"조문번호": number, "조문여부": "Y", "조제목": (m[3] or "").strip(), "조내용": [head]})
        elif articles and raw.strip() and not raw.startswith("#"):
            articles[-1]["조내용"].append(raw)
    for art in articles:
        head, *rest = art["조내용"]
        art["조내용"] = (head + " " + rest[0] + ("\n" + "\n".join(rest[1:]) if rest[1:] else "")) if rest else head
    info = {
        "자치법규ID": str(front["자치법규ID"]),
        "자치법규일련번호": str(front["자치법규일련번호"]),
        "자치법규명": front["자치법규명"],
        "공포일자": _date(front["공포일자"]),
        "공포번호": str(front.get("공포번호") or ""),
        "시행일자": _date(front.get("시행일자")),
        "자치법규종류": "C0001" if front.get("자치법규종류") == "조례" else "C0002",
        "지자체기관명": front["지자체기관명"],
        "담당부서명": front.get("담당부서") or "",
        "제개정정보": front.get("제개정구분") or "",
    }
    return {
        "LawService": {
            "자치법규기본정보": info,
            "조문": {"조": articles},
            "부칙": {"부칙공포일자": info["공포일자"], "부칙공포번호": info["공포번호"], "부칙내용": "\n".join(addendum)},
        }
    }


def to_xml(value: Any, tag: str, attrs: str = "") -> str:
    """The JSON shape back as XML: a list repeats its tag; ``{"content": …, code: …}`` becomes attributes."""
    if isinstance(value, list):
        return "".join(to_xml(v, tag) for v in value)
    if isinstance(value, dict):
        if "content" in value:
            extra = "".join(f' {k}="{escape(str(v))}"' for k, v in value.items() if k != "content")
            return f"<{tag}{extra}>{escape(str(value['content']))}</{tag}>"
        inner = "".join(to_xml(v, k) for k, v in value.items())
        return f"<{tag}{attrs}>{inner}</{tag}>"
    text = str(value)
    if "\n" in text or "<" in text:
        return f"<{tag}><![CDATA[{text}]]></{tag}>"
    return f"<{tag}>{escape(text)}</{tag}>"


def xml_document(value: dict[str, Any]) -> str:
    (root, body), *_ = value.items()
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + to_xml(body, root) + "\n"


def _article_texts(body: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for unit in body["법령"]["조문"]["조문단위"]:
        if unit.get("조문여부") == "조문":
            number = unit["조문번호"] + (f"의{unit['조문가지번호']}" if unit.get("조문가지번호") else "")
            out[number] = json.dumps(unit, ensure_ascii=False)
    return out


def old_and_new(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Only the changed articles, paired by index, as ``OldAndNewService`` sends them (texts unmarked)."""

    def info(body: dict[str, Any]) -> dict[str, Any]:
        i = body["법령"]["기본정보"]
        return {
            "법령일련번호": i["법령일련번호"],
            "법령ID": i["법령ID"],
            "시행일자": i["시행일자"],
            "공포일자": i["공포일자"],
            "공포번호": i["공포번호"],
            "법령명": i["법령명_한글"],
        }

    a, b = _article_texts(old), _article_texts(new)
    changed = [n for n in dict.fromkeys([*a, *b]) if a.get(n) != b.get(n)]

    def text(units: dict[str, str], n: str) -> str:
        if n not in units:
            return ""
        unit = json.loads(units[n])
        parts = [unit["조문내용"]] if isinstance(unit["조문내용"], str) else list(unit["조문내용"])
        hangs = unit.get("항", [])
        for hang in hangs if isinstance(hangs, list) else [hangs]:
            c = hang.get("항내용", "")
            parts += c if isinstance(c, list) else [c] if c else []
        return "\n".join(parts)

    return {
        "OldAndNewService": {
            "구조문_기본정보": info(old),
            "신조문_기본정보": info(new),
            "구조문목록": {"조문": [{"content": text(a, n), "no": str(i + 1)} for i, n in enumerate(changed)]},
            "신조문목록": {"조문": [{"content": text(b, n), "no": str(i + 1)} for i, n in enumerate(changed)]},
            "신구법존재여부": "Y",
        }
    }


def build(cases_dir: Path, out: Path = ROOT) -> list[Path]:
    written: list[Path] = []
    for sub in ("law", "ordin", "oldAndNew"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    def write(path: Path, value: dict[str, Any]) -> None:
        path.with_suffix(".json").write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        path.with_suffix(".xml").write_text(xml_document(value), encoding="utf-8")
        written.extend([path.with_suffix(".json"), path.with_suffix(".xml")])

    for case in CASES:
        folder = cases_dir / case
        laws = sorted(folder.glob("law-*.md"))
        bodies: dict[str, dict[str, Any]] = {}
        for i, path in enumerate(laws):
            body = law_body(path, quirky=i % 2 == 1)
            bodies[path.name] = body
            write(out / "law" / body["법령"]["기본정보"]["법령일련번호"], body)
        for path in laws:
            if path.name.startswith("law-new-"):
                old = bodies.get(path.name.replace("law-new-", "law-old-"))
                if old is not None:
                    new = bodies[path.name]
                    write(out / "oldAndNew" / new["법령"]["기본정보"]["법령일련번호"], old_and_new(old, new))
        for path in sorted(folder.glob("ordinance-*.md")):
            body = ordinance_body(path)
            write(out / "ordin" / body["LawService"]["자치법규기본정보"]["자치법규일련번호"], body)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data/law-cases")
    for p in build(src):
        print(p)
