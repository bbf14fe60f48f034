"""Verdicts on the real cases: one per citation over all amendments, with the fix as the ordinance writes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.documents import read_document
from tasks.ordinance_review.analyse import Analysis, Finding, amendment_sentence, analyse
from tasks.ordinance_review.citations import parse_ordinance
from tasks.ordinance_review.model import Article, Ordinance, split_units
from tasks.ordinance_review.texts import Texts, collect_records, read_record

LAW_CASES = Path("/work/shared/data/law-cases")


def _texts(case: str) -> Texts:
    folder = LAW_CASES / case
    if not folder.is_dir():
        pytest.skip("../shared/data/law-cases is not on this machine")
    return collect_records(read_record(read_document(p)) for p in sorted(folder.glob("*.md")))


def _analyse(texts: Texts, threshold: float = 0.25) -> Analysis:
    return analyse(texts.laws, texts.ordinances, {o.ordinance_id: parse_ordinance(o) for o in texts.ordinances}, threshold)


def _finding(analysis: Analysis, place: str, written: str) -> Finding:
    (found,) = [f for f in analysis.findings if f.citation.place == place and f.citation.written == written]
    return found


def test_c1_article_10_cites_a_paragraph_that_moved() -> None:
    analysis = _analyse(_texts("C1-hometown-donation"))
    finding = _finding(analysis, "제10조①", "법 제11조제4항")
    assert (finding.kind, finding.verdict) == ("이동", "정비 필요")
    assert finding.proposed == "법 제11조제5항"
    assert finding.sentence == '제10조제1항 중 "법 제11조제4항"을 "법 제11조제5항"으로 한다.'
    figure = _finding(analysis, "제7조2", "영 제4조제2항")
    assert (figure.kind, figure.verdict, figure.note) == ("문구 변경", "검토", "수치 500만원 → 2천만원")
    same_article = _finding(analysis, "제10조②", "법 제11조제3항")
    assert (same_article.kind, same_article.verdict) == ("변경 없음", "참고")
    other_law = _finding(analysis, "제7조", "「지방자치법」제117조제3항")
    assert (other_law.kind, other_law.verdict) == ("비교 불가", "해당 없음")
    assert analysis.counts() == {"정비 필요": 1, "검토": 2, "참고": 8, "해당 없음": 13}


def test_c4_stale_and_renumbered_references() -> None:
    analysis = _analyse(_texts("C4-personal-info"))
    stale = _finding(analysis, "제2조5", "제31조제2항")
    assert (stale.kind, stale.verdict, stale.proposed) == ("낡은 인용", "정비 필요", "제31조제4항")
    assert stale.sentence == '제2조제5호 중 "제31조제2항"을 "제31조제4항"으로 한다.'
    assert "부칙" in stale.note
    moved = _finding(analysis, "제2조5", "제32조제1항")
    assert (moved.kind, moved.proposed) == ("이동", "제32조제2항")
    item = _finding(analysis, "제7조①", "영 제32조제2항제1호")
    assert (item.kind, item.verdict, item.proposed) == ("이동", "정비 필요", "영 제32조제3항제1호")
    assert item.sentence == '제7조제1항 중 "영 제32조제2항제1호"를 "영 제32조제3항제1호"로 한다.'


def test_c3_citation_to_a_paragraph_in_neither_version() -> None:
    analysis = _analyse(_texts("C3-parking-act"))
    missing = _finding(analysis, "제27조①", "영 제17조제2항")
    assert (missing.kind, missing.verdict, missing.proposed) == ("없는 조항", "정비 필요", "")
    assert missing.note == "제17조제2항이 개정 전후 어느 판에도 없음"


def test_c5_citing_words_fit_another_paragraph_far_better() -> None:
    texts = _texts("C5-public-property")
    finding = _finding(_analyse(texts), "제4조②3", "영 제48조의4제3항")
    assert (finding.kind, finding.verdict, finding.proposed) == ("낡은 인용", "정비 필요", "영 제48조의4제4항")
    assert finding.note.startswith("인용 문구와 유사도 0.57: 제48조의4제4항에 인용 문구의 100%가 있고")
    strict = _finding(_analyse(texts, threshold=0.9), "제4조②3", "영 제48조의4제3항")
    assert strict.verdict == "해당 없음"


def test_ordinance_date_decides_the_numbering() -> None:
    """A unit amended after the law's 공포 already uses the new numbers: not 정비 필요."""
    c1 = _texts("C1-hometown-donation")
    lines = split_units(
        "① 시장은 법 제11조제4항에 따라 운용한다.\n"
        "② 시장은 법 제11조제5항에 따라 운용한다. <개정 2024.3.1>\n"
        "③ 시장은 법 제11조제6항에 따라 운용한다. <신설 2024.3.1>"
    )
    ordinance = Ordinance(
        "9", "9", "광주시 시험 조례", "조례", "경기도 광주시", "자치협력과", dt.date(2023, 1, 2), None,
        (Article("3", "기금", lines),), (), "t.md",
    )  # fmt: skip
    citations = {"9": parse_ordinance(_ordinance_with_alias(ordinance))}
    analysis = analyse(c1.laws, [ordinance], citations)
    verdicts = [(f.citation.place, f.kind, f.verdict, f.proposed) for f in analysis.findings if "제11조" in f.citation.written]
    assert verdicts == [
        ("제3조①", "이동", "정비 필요", "법 제11조제5항"),  # written 2023-01-02, old numbering
        ("제3조②", "변경 없음", "해당 없음", ""),  # written after 2024-02-20 with the new number
        ("제3조③", "없는 조항", "정비 필요", ""),  # ⑥ exists in no version
    ]


def _ordinance_with_alias(ordinance: Ordinance) -> Ordinance:
    """The same ordinance with its 제1조 defining "법", as real ones do."""
    first = Article(
        "1", "목적", split_units("이 조례는 「고향사랑 기부금에 관한 법률」(이하 “법”이라 한다)의 시행에 필요한 사항을 정한다.")
    )
    return Ordinance(**{**ordinance.__dict__, "articles": (first, *ordinance.articles)})


def test_amendment_sentence_particles() -> None:
    assert amendment_sentence("제10조제1항", "법 제11조제4항", "법 제11조제5항") == (
        '제10조제1항 중 "법 제11조제4항"을 "법 제11조제5항"으로 한다.'
    )
    assert amendment_sentence("제7조", "영 제3조제1호", "영 제3조제2호") == '제7조 중 "영 제3조제1호"를 "영 제3조제2호"로 한다.'


def test_a_range_is_judged_member_by_member() -> None:
    """제11조제2항제1호에서 4호까지: the items kept their numbers, so the range is 참고 (its 항 changed), not 정비."""
    c1 = _texts("C1-hometown-donation")
    analysis = _analyse(c1)
    unchanged = _finding(analysis, "제10조①", "법 제11조제2항제1호에서 4호까지")
    assert (unchanged.kind, unchanged.verdict) == ("변경 없음", "참고")
    # 시행령 제3조: ② was deleted, ③ became ②: a range ①..③ has a deleted member
    lines = split_units("시장은 「고향사랑 기부금에 관한 법률 시행령」 제3조제1항부터 제3항까지에 따라 정보를 제공한다.")
    ordinance = Ordinance(
        "8", "8", "광주시 범위 조례", "조례", "경기도 광주시", "자치협력과", dt.date(2023, 1, 2), None,
        (Article("1", "정보", lines),), (), "r.md",
    )  # fmt: skip
    found = analyse(c1.laws, [ordinance], {"8": parse_ordinance(ordinance)}).findings
    assert [(f.citation.target.label(), f.kind, f.verdict, f.proposed) for f in found] == [
        ("제3조제1항..3", "삭제", "정비 필요", "")
    ]


def test_a_moved_range_is_proposed_as_a_range() -> None:
    c4 = _texts("C4-personal-info")
    lines = split_units("「개인정보 보호법 시행령」(이하 “영”이라 한다) 제32조제2항제1호부터 제2호까지의 사람을 지정한다.")
    ordinance = Ordinance(
        "7", "7", "광주시 범위 조례", "조례", "경기도 광주시", "디지털정보과", dt.date(2023, 12, 29), None,
        (Article("4", "지정", lines),), (), "r.md",
    )  # fmt: skip
    (finding,) = analyse(c4.laws, [ordinance], {"7": parse_ordinance(ordinance)}).findings
    assert (finding.kind, finding.verdict, finding.proposed) == ("이동", "정비 필요", "제32조제3항제1호부터 제2호까지")
    assert finding.sentence == '제4조 중 "제32조제2항제1호부터 제2호까지"를 "제32조제3항제1호부터 제2호까지"로 한다.'
