"""Clerks read Korean words: developer markers never reach a task's declared text or a sample run's workbook.

Guards issue 10: "근거: domain-rules.md 3절" on the intro page, ``[S]``/``[U]`` in help texts and in the
근거 column, raw choice keys (``skip``) in 실행정보. Source tags ([L] statute, [S] guideline, [U]
unsettled) and reference-file names belong in code comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import tomli_w

from core.spec import ParamType, TaskSpec
from tasks import registry
from tests.helpers import run_cli
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, GrantServer

MARKERS = re.compile(r"\[[SUL]\]|domain-rules|[A-Za-z0-9_-]\.md\b")
# Both particle forms at once ("복지급여은(는)"): core.korean chooses the right one.
BOTH_FORMS = re.compile(r"은\(는\)|이\(가\)|을\(를\)|으로\(로\)")


def visible_text(task: TaskSpec) -> Iterator[tuple[str, str]]:
    """Every string of a spec that the launcher, the wizard, ``describe`` or a workbook shows."""
    yield "title", task.title
    yield "department", task.department
    yield "description", task.description
    yield "basis", task.basis
    for table in task.inputs:
        yield f"input {table.name}", " ".join((table.title, table.help, table.row_meaning))
        for col in table.columns:
            yield f"column {col.name}", " ".join((col.name, col.help, col.example, *col.synonyms))
    for param in task.params:
        yield f"param {param.name}", " ".join((param.label, param.help, param.basis, *(label for _, label in param.choices)))
    for cred in task.credentials:
        yield f"credential {cred.id}", f"{cred.label} {cred.where}"
    for outcome in task.outcomes:
        yield "outcome", outcome


@pytest.mark.parametrize("task", list(registry()), ids=lambda t: t.id)
def test_spec_text_has_no_developer_markers(task: TaskSpec) -> None:
    found = [(where, text) for where, text in visible_text(task) if MARKERS.search(text)]
    assert found == []


def test_the_check_would_catch_a_marker() -> None:
    """The pattern itself: each marker of the issue is caught, ordinary Korean text and '제15조⑥' are not."""
    for text in (
        "업무지침 [S]",
        "행정기본법 제6조 [U]",
        "[L] 제15조",
        "domain-rules 3절",
        "근거: domain-rules.md 3절",
        "notes.md",
    ):
        assert MARKERS.search(text), text
    for text in ("제15조⑥, 공무원보수 등의 업무지침", "S급", "[참고]", "예: 2026-03-03"):
        assert not MARKERS.search(text), text


def _sample_workbook(task: TaskSpec, tmp: Path) -> Path:
    out = tmp / f"{task.id}.xlsx"
    args = ["run", task.id, "--output", str(out)]
    if (task.inputs or task.documents) and task.write_samples is not None:  # document samples too (issue 11)
        samples = tmp / "samples"
        samples.mkdir()
        for name, path in task.write_samples(samples).items():
            args += ["--input", f"{name}={path}"]
    code, _, err = run_cli(*args)
    assert code == 0, err
    return out


@pytest.mark.parametrize("task", list(registry()), ids=lambda t: t.id)
def test_sample_workbook_has_no_developer_markers_or_raw_keys(
    task: TaskSpec, tmp_path: Path, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = None
    if task.id == "grant-alerts":  # its sources: the loopback stand-ins for the real services
        server = GrantServer().start()
        settings = server.settings()
        settings["network"] = {"proxy_mode": "none"}
        (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
        monkeypatch.setenv("HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY", ENCODING_KEY)
        monkeypatch.setenv("HAENGBOT_SECRET_BIZINFO_CRTFC_KEY", BIZINFO_KEY)
    try:
        out = _sample_workbook(task, tmp_path)
    finally:
        if server is not None:
            server.stop()
    book = openpyxl.load_workbook(out, read_only=True)
    marked = [
        (ws.title, value)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and (MARKERS.search(value) or BOTH_FORMS.search(value))
    ]
    info = {row[0].strip(): row[1] for row in book["실행정보"].iter_rows(values_only=True) if row and row[0]}
    book.close()
    assert marked == []
    for param in task.params:
        shown = info[f"{param.label} ({param.name})"]
        if param.type == ParamType.CHOICE:
            assert shown in dict(param.choices).values(), (param.name, shown)
        assert "E+" not in str(shown), (param.name, shown)
