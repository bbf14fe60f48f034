"""The collection bundle: the raw DRF answers, unchanged, plus ``manifest.json``, in one zip.

Collect runs on the internet PC, the analysis anywhere (망분리): the bundle is what crosses. The
manifest lists every member with the query that fetched it (the ``OC`` taken out), its HTTP status,
size and SHA-256, so the analysis PC can prove the texts are the ones law.go.kr sent, and a clerk
can re-ask the same questions. A member whose hash or size differs, a member the manifest does not
list, or one it lists that is missing stops the analysis with a Korean message: a bundle that was
edited by hand is not evidence any more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import InputError, Location
from core.korean import particle
from core.xlsx_guard import inspect_zip
from tasks.ordinance_review import drf
from tasks.ordinance_review.model import LawVersion, Ordinance

MANIFEST = "manifest.json"
FORMAT = "haengbot-drf-bundle"
VERSION = 1
# Members that hold a law or ordinance text; lists and 신구법 bodies are kept as evidence only.
TEXT_KINDS = ("law", "ordin")
_HINT = "행봇의 '수집'으로 만든 번들 파일을 고치지 말고 그대로 옮겨 지정하십시오."


@dataclass(frozen=True)
class RawResponse:
    """One answer as received: ``query`` never holds the OC (collect removes it before this exists)."""

    endpoint: str  # lawSearch.do / lawService.do
    query: Mapping[str, str]
    status: int
    data: bytes = field(repr=False)
    kind: str  # list / law / ordin / oldAndNew / error
    key: str = ""  # the MST (법령일련번호, 자치법규일련번호) asked for

    @property
    def suffix(self) -> str:
        head = self.data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1]
        if drf.is_html(self.data):
            return "html"
        return {b"{": "json", b"[": "json", b"<": "xml"}.get(head, "txt")


def write_bundle(responses: Sequence[RawResponse], info: Mapping[str, Any]) -> bytes:
    """The zip bytes: ``responses/NNNN-<target>[-<key>].<ext>`` each unchanged, and the manifest.

    *info* goes into the manifest as it is (period, 기관 codes, base URL: never a secret).
    """
    members: list[dict[str, Any]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, resp in enumerate(responses, 1):
            target = resp.query.get("target", "x")
            name = f"responses/{i:04d}-{target}" + (f"-{resp.key}" if resp.key else "") + f".{resp.suffix}"
            zf.writestr(name, resp.data)
            members.append(
                {
                    "name": name,
                    "endpoint": resp.endpoint,
                    "query": dict(resp.query),
                    "status": resp.status,
                    "kind": resp.kind,
                    "key": resp.key,
                    "size": len(resp.data),
                    "sha256": hashlib.sha256(resp.data).hexdigest(),
                }
            )
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            **info,
            "members": members,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return buffer.getvalue()


def _bad(path: Path, what: str) -> InputError:
    return InputError(f"수집 번들이 손상되었거나 바뀌었습니다: {what}", Location(str(path)), _HINT)


def read_manifest(path: Path, data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every member's bytes, each checked against its size and SHA-256."""
    try:
        inspect_zip(path, data)  # zip bombs and lying sizes: core's guard, the same as for xlsx
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
            if MANIFEST not in names:
                raise _bad(path, f"목록 파일 '{MANIFEST}'이 없습니다.")
            try:
                manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise _bad(path, f"목록 파일 '{MANIFEST}'을 읽을 수 없습니다.") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise InputError("행봇 수집 번들이 아닙니다(manifest.json의 형식 표시가 없습니다).", Location(str(path)), _HINT)
            listed = {str(m.get("name")): m for m in manifest.get("members", []) if isinstance(m, dict)}
            extra = sorted(set(names) - set(listed) - {MANIFEST})
            if extra:
                raise _bad(path, f"목록(manifest.json)에 없는 파일 '{extra[0]}'{particle(extra[0], '이/가')} 들어 있습니다.")
            blobs: dict[str, bytes] = {}
            for name, member in listed.items():
                if name not in names:
                    raise _bad(path, f"목록에 있는 '{name}'{particle(name, '이/가')} 빠졌습니다.")
                blob = zf.read(name)
                if len(blob) != member.get("size") or hashlib.sha256(blob).hexdigest() != member.get("sha256"):
                    raise _bad(path, f"'{name}'의 내용이 목록의 해시(SHA-256)와 다릅니다.")
                blobs[name] = blob
    except zipfile.BadZipFile:
        raise InputError("수집 번들(zip)을 열 수 없습니다(zip 파일이 아니거나 잘렸습니다).", Location(str(path)), _HINT) from None
    return manifest, blobs


def read_bundle_bytes(data: bytes, path: Path) -> list[LawVersion | Ordinance]:
    """Every law version and ordinance in the bundle, each once (by MST / 자치법규일련번호), in member order."""
    manifest, blobs = read_manifest(path, data)
    seen: dict[tuple[str, str], LawVersion | Ordinance] = {}
    for member in manifest.get("members", []):
        if member.get("kind") not in TEXT_KINDS:
            continue
        name = str(member["name"])
        try:
            text = drf.read_body(blobs[name], f"{path.name}:{name}", str(member.get("key") or ""))
        except drf.DrfError as exc:
            raise InputError(
                f"번들 안의 '{name}'{particle(name, '을/를')} 읽지 못했습니다: {exc.message}", Location(str(path)), _HINT
            ) from None
        if text is None:
            continue
        key = (text.law_id, text.mst) if isinstance(text, LawVersion) else (text.ordinance_id, text.serial)
        seen.setdefault(key, text)
    return list(seen.values())


def read_bundle(path: Path) -> list[LawVersion | Ordinance]:
    """The texts of the bundle at *path*, hashes verified (a Korean ``InputError`` when they are not)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"수집 번들을 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", Location(str(path))) from None
    return read_bundle_bytes(data, path)
