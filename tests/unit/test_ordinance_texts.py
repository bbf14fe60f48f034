"""Texts in, by metadata: Markdown and DRF XML/JSON give the same records and the same findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.documents import DocumentChoice, read_documents
from core.errors import InputError
from tasks.ordinance_review import SPEC
from tasks.ordinance_review.analyse import analyse
from tasks.ordinance_review.citations import parse_ordinance
from tasks.ordinance_review.model import split_units
from tasks.ordinance_review.texts import Texts, load_folder

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "ordinance_review_sample"
DRF = ROOT / "tests" / "data" / "drf"


def _load(folder: Path) -> Texts:
    sets = read_documents(SPEC, {"texts": DocumentChoice((folder,))})
    return load_folder(sets["texts"])


def _findings(texts: Texts) -> list[tuple[str, str, str, str, str]]:
    analysis = analyse(texts.laws, texts.ordinances, {o.ordinance_id: parse_ordinance(o) for o in texts.ordinances})
    return [(f.citation.place, f.citation.written, f.kind, f.verdict, f.proposed) for f in analysis.findings]


def test_files_are_known_by_metadata_and_versions_ordered_by_promulgation(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    # names that say nothing (and lie): the reader goes by 법령ID, 법령MST, 공포일자, 자치법규ID
    for i, name in enumerate(["법률-개정후.md", "조례.md", "시행령-개정전.md", "법률-개정전.md", "시행령-개정후.md"]):
        shutil.copy(SAMPLE / name, folder / f"{'zyxwv'[i]}-old.md")
    texts = _load(folder)
    assert {law_id: [v.mst for v in vs] for law_id, vs in texts.laws.items()} == {
        "014170": ["251529", "260449"],
        "014333": ["252087", "264861"],
    }
    assert [o.ordinance_id for o in texts.ordinances] == ["2226211"]
    assert texts.amendments() == 2


def test_an_identical_version_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(SAMPLE, folder)
    shutil.copy(SAMPLE / "법률-개정후.md", folder / "법률-다음개정전.md")  # the next pair's "old" file
    texts = _load(folder)
    assert [v.mst for v in texts.laws["014170"]] == ["251529", "260449"]
    assert texts.duplicates == ["법률-다음개정전.md"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_drf_texts_give_the_same_findings_as_markdown(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / fmt
    folder.mkdir()
    for mst in ("251529", "260449", "252087", "264861"):
        shutil.copy(DRF / "law" / f"{mst}.{fmt}", folder / f"{mst}.{fmt}")
    shutil.copy(DRF / "ordin" / f"1774613.{fmt}", folder / f"ordin.{fmt}")
    drf = _findings(_load(folder))
    markdown = _findings(_load(SAMPLE))
    assert drf == markdown
    assert ("제10조①", "법 제11조제4항", "이동", "정비 필요", "법 제11조제5항") in drf


def test_a_file_that_is_neither_law_nor_ordinance(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(SAMPLE, folder)
    (folder / "메모.md").write_text("---\n제목: 회의 메모\n---\n\n# 메모\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _load(folder)
    assert str(caught.value).startswith("파일 '메모.md': 법령이나 자치법규 본문으로 알아볼 수 없습니다.")


def test_a_law_file_cut_before_its_articles(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(SAMPLE, folder)
    text = (SAMPLE / "법률-개정후.md").read_text(encoding="utf-8")
    (folder / "법률-개정후.md").write_text(text[: text.index("##### 제1조")], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _load(folder)
    assert str(caught.value).startswith("파일 '법률-개정후.md': 법령 파일에 조문(##### 제N조)이 하나도 없습니다.")


def test_split_units_is_the_one_normal_form() -> None:
    markdown = (
        "**①** 지방자치단체는 <개정 2024.2.20>\n\n  1\\. 사회적 취약계층\n    가\\. 청소년\n계속되는 줄\n**②** 삭제 <2020.1.1>"
    )
    plain = "① 지방자치단체는 <개정 2024.2.20>\n1. 사회적 취약계층\n가. 청소년 계속되는 줄\n② 삭제 <2020.1.1>"
    expected = ("① 지방자치단체는 <개정 2024.2.20>", "1. 사회적 취약계층", "가. 청소년 계속되는 줄", "② 삭제 <2020.1.1>")
    assert split_units(markdown) == split_units(plain) == expected
    assert split_units("법 제4조제2항에 따른 기준은 별표와 같다.\n1.5배로 한다.") == (
        "법 제4조제2항에 따른 기준은 별표와 같다. 1.5배로 한다.",
    )
