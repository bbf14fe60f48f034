"""A toy task declared in the tests, not in tasks/: a folder of statute files in, a table and a 공고문 pair out.

It proves the document-input and artifact contract end to end (issue 11): the CLI runs it through
``docs_cli.py`` (main.py with this task added to the registry), the GUI through the real wizard, whose
run session takes the spec to its child by value (``gui.wizard.session``). The HWPX is a tiny valid zip
(mimetype first, stored) and the PDF a minimal hand-written one: the real generators come with their task.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Mapping
from typing import Any

import pandas as pd

from core.context import RunContext
from core.documents import DocumentSet, HwpxDocument, MarkdownDocument
from core.errors import RunFailed
from core.result import INT, Result, ResultTable, SummaryItem
from core.spec import Artifact, DocumentInput, DocumentKind, Param, ParamType, TaskSpec

HWPX_MEMBERS = ("mimetype", "version.xml", "META-INF/container.xml", "Contents/content.hpf", "Contents/section0.xml")


def hwpx_bytes(lines: list[str]) -> bytes:
    """A minimal HWPX package: the mimetype member first and stored, as 한글 requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion xmlns:hv="urn:hwpx"/>')
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0" encoding="UTF-8"?><container><rootfile full-path="Contents/content.hpf"/></container>',
        )
        archive.writestr("Contents/content.hpf", '<?xml version="1.0" encoding="UTF-8"?><package/>')
        paragraphs = "".join(f"<p>{line}</p>" for line in lines)
        archive.writestr("Contents/section0.xml", f'<?xml version="1.0" encoding="UTF-8"?><sec>{paragraphs}</sec>')
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with a correct cross-reference table (ASCII text: no font is embedded here)."""
    stream = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def run(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    laws: DocumentSet = inputs["laws"]
    rows = []
    for doc in laws:
        assert isinstance(doc, MarkdownDocument)
        title = str(doc.front.get("제목") or doc.front.get("자치법규명") or "")
        articles = sum(1 for line in doc.body.splitlines() if line.startswith("##### 제"))
        rows.append((doc.name, title, str(doc.front.get("공포일자", "")), articles, doc.sha256))
    df = pd.DataFrame(rows, columns=["파일", "제목", "공포일자", "조문 수", "SHA-256"])
    ctx.artifact("공고문").write_bytes(hwpx_bytes([f"{name}: {title}" for name, title, *_ in rows]))
    ctx.artifact("공고문인쇄").write_with(lambda path: path.write_bytes(pdf_bytes(f"{len(rows)} documents")))
    templates: DocumentSet | None = inputs.get("templates")
    members = [len(doc.members) for doc in templates or () if isinstance(doc, HwpxDocument)]
    while params.get("hold_after_artifacts"):  # until the clerk cancels: each progress call is a cancel point
        ctx.progress(0, 1, "결과 문서를 쓴 뒤 기다리는 중")
        time.sleep(0.05)
    if params.get("fail_after_artifacts"):
        raise RunFailed("시험용 실패: 결과 문서를 쓴 뒤 멈췄습니다.")
    return Result(
        tables=[ResultTable("문서", df, {"조문 수": INT})],
        summary=[SummaryItem("읽은 문서", len(rows)), SummaryItem("읽은 서식", len(members))],
        headline="문서 입출력 시험",
    )


SPEC = TaskSpec(
    id="docs-demo",
    title="문서 입출력 시험",
    department="시험",
    description="법령 문서 폴더를 읽어 목록을 만들고 공고문(HWPX·PDF)을 씁니다.",
    basis="시험용",
    inputs=(),
    params=(
        Param("fail_after_artifacts", "문서를 쓴 뒤 실패", ParamType.BOOL, False),
        Param("hold_after_artifacts", "문서를 쓴 뒤 취소를 기다림", ParamType.BOOL, False),
    ),
    run=run,
    documents=(
        DocumentInput("laws", "법령 문서", DocumentKind.FOLDER, (".md",), help="법령·자치법규 Markdown 파일이 든 폴더"),
        DocumentInput("templates", "한글 서식", DocumentKind.FILES, (".hwpx",), required=False, help="공고문 서식"),
    ),
    artifacts=(
        Artifact("공고문", "공고문(HWPX)", ".hwpx", "공고문"),
        Artifact("공고문인쇄", "공고문(PDF)", ".pdf", "공고문"),
    ),
)


def ensure_registered() -> None:
    from tasks import registry

    if SPEC.id not in registry().ids():
        registry().add(SPEC)
