"""Issue 11, documents in and out, through the real wizard: the folder picker, its per-file status, the
run in its child process, and the result page's 열기 button for each artifact."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from gui_steps import WAIT_MS, click_next
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel

import tasks
from gui import dialogs
from gui.wizard.wizard import TaskWizard
from tests.support.docs_task import SPEC

LAW_COPIES = Path(__file__).resolve().parents[1] / "data" / "law-cases"  # copies of ../shared/data/law-cases
BROKEN_STATUS = "머리말(---) 2행을 읽을 수 없습니다: '이름: 값' 형식이 아닙니다: 제목 고향사랑."


def drop(panel, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """What Explorer does when the clerk drops files or a folder on the panel."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)


@pytest.fixture
def wizard(qtbot, monkeypatch: pytest.MonkeyPatch) -> TaskWizard:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(tasks.registry()._tasks, SPEC.id, SPEC)  # this process (check page, thread jobs)
    # The run's child gets the spec by value (gui/wizard/session.py: a task outside the built-in list).
    wizard = TaskWizard(SPEC)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.shutdown()


def test_folder_picker_run_and_artifacts(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, wizard) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "법령"
    folder.mkdir()
    shutil.copyfile(LAW_COPIES / "law-new-법률.md", folder / "01-법률.md")
    shutil.copyfile(LAW_COPIES / "ordinance-C1.md", folder / "02-조례.md")
    (folder / "03-깨진파일.md").write_text("---\n제목 고향사랑\n---\n# 법\n", encoding="utf-8")

    cards = [label.text() for label in wizard.intro.findChildren(QLabel) if label.objectName() == "card"]
    assert cards == [
        "<b>법령 문서</b> <span style='color:#2f6fde'>(필수)</span><br>법령·자치법규 Markdown 파일이 든 폴더"
        "<br><span style='font-size:small'>폴더 · 형식: .md</span>",
        "<b>한글 서식</b> <span style='color:#2f6fde'>(선택)</span><br>공고문 서식"
        "<br><span style='font-size:small'>파일 여러 개 · 형식: .hwpx</span>",
    ]
    click_next(qtbot, wizard)
    assert wizard.page is wizard.inputs
    panel = wizard.inputs.documents["laws"]
    assert wizard.inputs.tabs.tabText(0) == "법령 문서"
    drop(panel, [folder / "01-법률.md"])  # a file dropped from the folder stands for its folder
    qtbot.waitUntil(lambda: wizard.state.documents["laws"].survey is not None, timeout=WAIT_MS)
    assert wizard.state.documents["laws"].paths == [folder]
    listed = [(panel.files.item(r, 0).text(), panel.files.item(r, 1).text()) for r in range(panel.files.rowCount())]
    assert listed == [("01-법률.md", "읽을 수 있음"), ("02-조례.md", "읽을 수 있음"), ("03-깨진파일.md", BROKEN_STATUS)]
    assert "문서 3개 중 1개를 읽을 수 없습니다: 03-깨진파일.md" in panel.status.text()
    assert wizard.inputs.tabs.tabText(0) == "법령 문서 · 오류"
    assert not wizard.next_button.isEnabled()

    (folder / "03-깨진파일.md").unlink()
    monkeypatch.setattr(dialogs, "choose_dir", lambda *a: str(folder))
    qtbot.mouseClick(panel.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    assert "준비됨 · 문서 2개" in panel.status.text()
    assert wizard.inputs.tabs.tabText(0) == "법령 문서 · 준비됨"

    click_next(qtbot, wizard)
    assert wizard.page is wizard.params
    click_next(qtbot, wizard)
    assert wizard.page is wizard.check
    qtbot.waitUntil(lambda: wizard.check.report is not None, timeout=WAIT_MS)
    assert wizard.check.summary.text() == "<b>법령 문서</b> — 문서 <b>2</b>개: 01-법률.md, 02-조례.md"
    click_next(qtbot, wizard)
    assert wizard.page is wizard.run
    qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)

    reply = wizard.state.reply
    assert reply is not None and reply.status == "done"
    output = reply.output
    hwpx = output.with_name(f"{output.stem}_공고문.hwpx")
    pdf = output.with_name(f"{output.stem}_공고문인쇄.pdf")
    assert [(a.name, a.path) for a in reply.result.artifacts] == [("공고문", hwpx), ("공고문인쇄", pdf)]
    for artifact in reply.result.artifacts:
        assert artifact.sha256 == hashlib.sha256(artifact.path.read_bytes()).hexdigest()

    book = load_workbook(output, read_only=True)
    info = [(str(r[0]), r[1]) for r in book["실행정보"].iter_rows(values_only=True) if r and r[0] is not None]
    book.close()
    at = info.index(("■ 결과 문서", None))
    assert info[at + 1 : at + 5] == [
        ("  공고문(HWPX) (공고문)", hwpx.name),
        ("    SHA-256", hashlib.sha256(hwpx.read_bytes()).hexdigest()),
        ("  공고문(PDF) (공고문인쇄)", pdf.name),
        ("    SHA-256", hashlib.sha256(pdf.read_bytes()).hexdigest()),
    ]

    page = wizard.result
    assert page.artifacts.isVisible() and list(page.artifact_buttons) == ["공고문", "공고문인쇄"]
    labels = [page.artifact_rows.itemAtPosition(r, 0).widget().text() for r in range(2)]
    assert labels == [f"<b>공고문(HWPX)</b>  {hwpx.name}", f"<b>공고문(PDF)</b>  {pdf.name}"]
    opened: list[Path] = []
    monkeypatch.setattr(dialogs, "open_path", lambda path: opened.append(Path(path)) or True)
    qtbot.mouseClick(page.artifact_buttons["공고문인쇄"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.artifact_buttons["공고문"], Qt.MouseButton.LeftButton)
    assert opened == [pdf, hwpx]


def test_cancelled_run_leaves_no_document(qtbot, tmp_path: Path, wizard) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "법령"
    folder.mkdir()
    shutil.copyfile(LAW_COPIES / "law-new-법률.md", folder / "01-법률.md")
    click_next(qtbot, wizard)
    wizard.inputs.documents["laws"].set_paths([folder])
    qtbot.waitUntil(wizard.inputs.ready, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)  # 설정 saves its fields on leaving; the test's own switch goes in after
    wizard.state.params["hold_after_artifacts"] = True
    qtbot.waitUntil(lambda: wizard.check.report is not None, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    run = wizard.run
    qtbot.waitUntil(lambda: run.step_label.text() == "결과 문서를 쓴 뒤 기다리는 중", timeout=WAIT_MS)
    output = wizard.state.output
    assert len(list(output.parent.glob(f".{output.stem}_*.tmp.*"))) == 2  # both staged, neither in place
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.status == "cancelled", timeout=WAIT_MS)
    assert run.message.text() == "취소했습니다. 결과 파일은 만들지 않았습니다."
    assert list(output.parent.iterdir()) == []


def test_files_input_takes_several_drops_and_a_missing_program_is_explained(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_modal_dialogs: list
) -> None:  # type: ignore[no-untyped-def]
    from core.artifacts import WrittenArtifact
    from core.documents import DocumentChoice
    from core.spec import DocumentInput, DocumentKind
    from gui.wizard.state import DocumentState

    spec = DocumentInput("laws", "법령", DocumentKind.FILES, (".md", ".json"))
    wizard = TaskWizard(SPEC)
    qtbot.addWidget(wizard)
    try:
        from gui.wizard.documents import DocumentPanel

        st = DocumentState(spec)
        panel = DocumentPanel(wizard.inputs, st)
        a, b, c = tmp_path / "a.md", tmp_path / "b.json", tmp_path / "c.xml"
        a.write_text("# a\n", encoding="utf-8")
        b.write_text("{", encoding="utf-8")
        c.write_text("<a/>", encoding="utf-8")
        asked: list[tuple[tuple[str, ...], bool]] = []

        def pick(parent, title, start, formats, many):  # type: ignore[no-untyped-def]
            asked.append((formats, many))
            return [str(a), str(b)]

        monkeypatch.setattr(dialogs, "open_documents", pick)
        qtbot.mouseClick(panel.choose, Qt.MouseButton.LeftButton)
        assert asked == [((".md", ".json"), True)] and st.paths == [a, b]
        qtbot.waitUntil(lambda: st.survey is not None, timeout=WAIT_MS)
        assert [(p.name, r) for p, r in st.survey.files] == [
            ("a.md", ""),
            ("b.json", "JSON 형식이 맞지 않습니다(1행 2번째 글자)."),
        ]
        assert not st.ready
        drop(panel, [a, c])
        qtbot.waitUntil(lambda: st.survey is not None, timeout=WAIT_MS)
        assert st.survey.error == "파일 'c.xml': '법령'에 넣을 수 없는 형식입니다(.xml).\n  → 받는 형식: .md, .json"
        assert DocumentChoice(tuple(st.paths)).path == a
        panel.runner.shutdown(2.0)

        monkeypatch.setattr(dialogs, "open_path", lambda path: False)
        artifact = WrittenArtifact("공고문", "공고문(HWPX)", "공고문", tmp_path / "결과_공고문.hwpx", "0" * 64, 1)
        warned: list[str] = []
        monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
        wizard.result.open_artifact(artifact)
        assert warned == [
            "이 컴퓨터에 '.hwpx' 파일을 여는 프로그램이 없거나 연결되어 있지 않습니다.\n"
            f"문서는 저장되어 있습니다:\n{tmp_path / '결과_공고문.hwpx'}"
        ]
    finally:
        wizard.shutdown()
