"""A folder of texts or a collection bundle into laws (by 법령ID, ordered by 공포일자) and ordinances.

Each file is recognised by its metadata (법령ID and 법령MST; 자치법규ID), never by its name: Markdown
through markdown.py, DRF XML/JSON through drf.py, a bundle .zip through bundle.py. Versions of one
법령ID with the same 법령MST are one version, read once (a case folder holds the "new" file of one pair
and the "old" file of the next, byte for byte the same). Consecutive versions make one amendment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.documents import Document, DocumentSet, JsonDocument, MarkdownDocument, XmlDocument
from core.errors import InputError, Location
from tasks.ordinance_review.markdown import read_markdown
from tasks.ordinance_review.model import LawVersion, Ordinance


@dataclass
class Texts:
    laws: dict[str, list[LawVersion]] = field(default_factory=dict)
    ordinances: list[Ordinance] = field(default_factory=list)
    files: int = 0
    duplicates: list[str] = field(default_factory=list)  # files that repeated a version already read

    def amendments(self) -> int:
        return sum(max(0, len(versions) - 1) for versions in self.laws.values())


def read_record(doc: Document) -> LawVersion | Ordinance:
    """The law version or ordinance one document holds; a Korean error naming the file when it holds neither."""
    record: LawVersion | Ordinance | None
    if isinstance(doc, MarkdownDocument):
        record = read_markdown(doc)
    elif isinstance(doc, (XmlDocument, JsonDocument)):
        from tasks.ordinance_review.drf import read_text_document

        record = read_text_document(doc)
    else:
        raise InputError(f"읽을 수 없는 형식입니다({doc.format}).", Location(str(doc.path)), "받는 형식: .md, .xml, .json")
    if record is None:
        raise InputError(
            "빈 파일입니다." if doc.size == 0 or not doc.data.strip() else "법령이나 자치법규 본문으로 알아볼 수 없습니다.",
            Location(str(doc.path)),
            "법령은 법령ID·법령MST·공포일자가, 자치법규는 자치법규ID가 머리말(메타데이터)에 있어야 합니다. "
            "법령 정보 누리집(law.go.kr)이나 법령 저장소에서 받은 원본 파일을 지정하십시오.",
        )
    return record


def collect_records(records: Iterable[LawVersion | Ordinance], texts: Texts | None = None) -> Texts:
    """Group law versions by 법령ID (one per 법령MST) in 공포일자 order; keep the newest of each ordinance."""
    texts = texts or Texts()
    seen: dict[tuple[str, str], LawVersion] = {(v.law_id, v.mst): v for vs in texts.laws.values() for v in vs}
    ordinances = {o.ordinance_id: o for o in texts.ordinances}
    for record in records:
        texts.files += 1
        if isinstance(record, LawVersion):
            if (record.law_id, record.mst) in seen:
                texts.duplicates.append(record.source)
                continue
            seen[(record.law_id, record.mst)] = record
            texts.laws.setdefault(record.law_id, []).append(record)
        else:
            known = ordinances.get(record.ordinance_id)
            if known is not None:
                texts.duplicates.append(record.source)
                if (known.promulgated, known.serial) >= (record.promulgated, record.serial):
                    continue
            ordinances[record.ordinance_id] = record
    for versions in texts.laws.values():
        versions.sort(key=lambda v: (v.promulgated, v.mst))
    texts.ordinances = sorted(ordinances.values(), key=lambda o: o.name)
    return texts


def load_folder(documents: DocumentSet) -> Texts:
    return collect_records(read_record(doc) for doc in documents)


def load_bundle(path: Path, texts: Texts | None = None) -> Texts:
    from tasks.ordinance_review.bundle import read_bundle

    return collect_records(read_bundle(path), texts)


def check_usable(texts: Texts, where: str) -> None:
    """Stop with a Korean message when there is nothing to compare."""
    if not texts.ordinances:
        raise InputError(
            "자치법규(조례·규칙) 본문이 하나도 없습니다.",
            Location(where),
            "비교할 조례의 본문 파일(자치법규ID가 있는 것)을 함께 넣으십시오.",
        )
    if not texts.laws:
        raise InputError(
            "법령 본문이 하나도 없습니다.",
            Location(where),
            "조례가 인용하는 법령의 개정 전·후 본문 파일(법령ID·법령MST가 있는 것)을 함께 넣으십시오.",
        )
