"""신·구조문대비표 (HWPX) per affected ordinance: the 조례's current units beside the units as they would read.

법제업무 운영규정 제20조② [L]: a 자치법규's 입법예고 posts the full text with its 신·구조문대비표. For each
ordinance with a 정비 필요 citation, the 현행 column holds the unit as it stands and the 개정안 column the
same unit with every citation rewritten as 권고 인용 says; a citation with no proposal (없는 조항, 삭제)
keeps its words and is named under the table for the clerk to settle. All tables go into one zip, one
HWPX each, written with core.hwpx (the blank template, explicit refs, no layout cache).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from core.hwpx import HwpxDoc
from tasks.ordinance_review.analyse import FIX, Analysis, Finding

ARTIFACT = "신구조문대비표"
_ARTICLE = re.compile(r"^(?:부칙 )?제\d+조(?:의\d+)?")


def _file_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|]', "_", name) + " 신구조문대비표.hwpx"


def ordinance_table(name: str, findings: Sequence[Finding]) -> bytes:
    """One ordinance's 신·구조문대비표 from its 정비 필요 findings (in reading order)."""
    doc = HwpxDoc.blank()
    doc.add_title(f"「{name}」 일부개정조례안 신·구조문대비표")
    laws: dict[str, str] = {}
    for finding in findings:
        for a in finding.assessments:
            if a.verdict == FIX and a.diff is not None:
                new = a.diff.new
                effective = a.effective or a.diff.effective
                laws.setdefault(
                    f"{new.name}{new.mst}",
                    f"「{new.name}」 개정(공포 {new.promulgated:%Y. %-m. %-d.} 제{new.promulgation_no}호"
                    + (f", 시행 {effective:%Y. %-m. %-d.}" if effective else "")
                    + ")",
                )
    doc.add_paragraph("관련 법령: " + "; ".join(laws.values()) if laws else "관련 법령: (입력 자료 기준)")
    rows: list[tuple[str, str]] = []
    open_items: list[str] = []
    by_unit: dict[str, list[Finding]] = {}
    for finding in findings:
        by_unit.setdefault(finding.citation.place, []).append(finding)
    for place, group in by_unit.items():
        current = group[0].citation.unit_text
        proposed = current
        for finding in group:
            if finding.proposed:
                proposed = proposed.replace(finding.citation.written, finding.proposed, 1)
            else:
                open_items.append(f'{place} "{finding.citation.written}": {finding.kind} — {finding.note}')
        article = _ARTICLE.match(place)
        head = f"{article.group(0)} " if article else ""
        rows.append((f"{head}{current}", f"{head}{proposed}" if proposed != current else f"{head}(현행과 같음)"))
    doc.add_table(["현 행", "개 정 안"], rows, widths=[1, 1])
    for item in open_items:
        doc.add_paragraph(f"※ 확인 필요: {item}", size=10)
    return doc.to_bytes()


def comparison_zip(analysis: Analysis) -> bytes | None:
    """One HWPX per ordinance with a 정비 필요 citation, in one zip; None when no ordinance needs one."""
    affected: dict[str, list[Finding]] = {}
    for finding in analysis.findings:
        if finding.verdict == FIX:
            affected.setdefault(finding.ordinance.name, []).append(finding)
    if not affected:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, findings in sorted(affected.items()):
            archive.writestr(_file_name(name), ordinance_table(name, findings))
    return buffer.getvalue()
