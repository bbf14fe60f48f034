"""The toy task of issue 11 ("교육 이수 입력 연습"): every new piece of the task contract in one run.

Declared here in the tests, not in tasks/. One run reads a FOLDER of 교육 자료 (.md) and a small table
of 이수자, applies a TWO-RULE rule set (findings, roll-up, 규칙표), ASKS the clerk once (log in, then
계속), submits each record to a web form (127.0.0.1 in the tests) as a LEDGERED WEB-FORM EFFECT, and
writes an HWPX-and-PDF ARTIFACT PAIR beside the workbook (docs_task's hand-made bytes: the real
generators come with their task). The README's "Adding an automation" page walks through it.

Run as a script it is main.py with this task added to the registry (the real CLI for subprocess tests).
"""

from __future__ import annotations

import sys
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from core.context import Question, RunContext  # noqa: E402
from core.documents import DocumentSet, MarkdownDocument  # noqa: E402
from core.effects import EffectKind  # noqa: E402
from core.effects_task import IN_DOUBT  # noqa: E402
from core.errors import RunFailed  # noqa: E402
from core.masking import mask_name  # noqa: E402
from core.result import INT, TEXT, Result, ResultTable, SummaryItem  # noqa: E402
from core.rule_engine import Entity, RuleFrame, apply_rules  # noqa: E402
from core.rules import Rule, RuleSet, Severity  # noqa: E402
from core.spec import (  # noqa: E402
    Artifact,
    Column,
    ColumnType,
    DocumentInput,
    DocumentKind,
    Param,
    ParamType,
    TableInput,
    TaskSpec,
)
from tests.support.docs_task import hwpx_bytes, pdf_bytes  # noqa: E402

STEP = "교육이수 입력"
LOGIN = Question(
    "login",
    "브라우저에서 로그인한 뒤 [계속]을 누르십시오.",
    choices=(("continue", "계속"), ("stop", "중단")),
    default="continue",
    kind="login",
)


def too_few_hours(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["trainees"]
    hit = df[df["교육시간"] < params["min_hours"]]
    return "교육시간 " + hit["교육시간"].astype(int).astype(str) + "시간 < 기준 " + str(params["min_hours"]) + "시간"


def too_many_hours(frames: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> pd.Series:
    df = frames["trainees"]
    hit = df[df["교육시간"] > params["max_hours"]]
    return "교육시간 " + hit["교육시간"].astype(int).astype(str) + "시간 > 하루 최대 " + str(params["max_hours"]) + "시간"


RULES = RuleSet(
    (
        Rule(
            "R01",
            "이수시간 부족",
            "식품위생법 제41조(연습용 근거)",
            Severity.CAUTION,
            too_few_hours,
            params=(Param("min_hours", "최소 교육시간", ParamType.INTEGER, 4),),
            help="교육시간이 기준보다 짧은 이수자를 찾습니다.",
        ),
        Rule(
            "R02",
            "이수시간 과다",
            "연습용 기준",
            Severity.CHECK,
            too_many_hours,
            params=(Param("max_hours", "하루 최대 교육시간", ParamType.INTEGER, 8),),
            help="하루에 받을 수 없는 긴 교육시간을 찾습니다.",
        ),
    )
)


def submit(url: str, case_key: str, name: str) -> str:
    """POST one record to the form (no proxy: the tests' form is on 127.0.0.1) and return its 접수번호."""
    body = urllib.parse.urlencode({"case": case_key, "name": name, "course": "위생교육"}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urllib.request.Request(url, data=body, method="POST"), timeout=60) as resp:
        return resp.read().decode("utf-8")


def run(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    notes: DocumentSet = inputs["notes"]
    titles = [str(doc.front.get("제목", doc.name)) for doc in notes if isinstance(doc, MarkdownDocument)]
    table = inputs["trainees"]
    frame = RuleFrame.from_table(table)
    # Findings show the 사례번호 only: a name would need masking (RuleFrame(..., show=fn) for that).
    report = apply_rules(RULES, {"trainees": frame}, params, columns=("사례번호",), entities=(Entity("사람별", ("사례번호",)),))

    url = str(params.get("form_url") or "")
    if not url:
        raise RunFailed("입력할 누리집 주소(form_url)가 없습니다.\n  → --param form_url=주소 로 지정하십시오.")
    if ctx.ask(LOGIN) != "continue":
        raise RunFailed("담당자가 [중단]을 눌러 입력하지 않았습니다.")
    rows = []
    records = frame.df
    for i, (case_key, name) in enumerate(zip(records["사례번호"], records["이름"], strict=True)):
        ctx.progress(i, len(records), f"{case_key} 입력 중")
        effect = ctx.effects.perform(
            EffectKind.WEB_FORM,
            str(case_key),
            STEP,
            str(case_key),
            lambda c=str(case_key), n=str(name): submit(url, c, n),
            summary=f"{mask_name(str(name))} 위생교육 이수 입력",
        )
        rows.append((str(case_key), mask_name(str(name)), effect.state, effect.reason))
    done = pd.DataFrame(rows, columns=["사례번호", "이름", "입력 결과", "사유"])

    lines = [f"{c} {n}: {s}" for c, n, s, _ in rows]
    ctx.artifact("이수확인").write_bytes(hwpx_bytes(lines))
    ctx.artifact("이수확인인쇄").write_with(lambda path: path.write_bytes(pdf_bytes(f"{len(rows)} records")))
    result = Result(
        tables=[ResultTable("입력 결과", done, {})],
        summary=[
            SummaryItem("읽은 자료", len(titles)),
            SummaryItem("자료 제목", ", ".join(titles), fmt=TEXT),
            SummaryItem("이수자", len(rows), fmt=INT),
        ],
        headline="교육 이수 입력 연습",
    )
    in_doubt = [c for c, _, state, _ in rows if state == IN_DOUBT]
    if in_doubt:
        result.warnings.append(
            f"확인 필요 {len(in_doubt)}건({', '.join(in_doubt)}): 누리집에서 처리되었는지 확인한 뒤 "
            "'python main.py ledger resolve 번호 --as sent|retry'로 정리하십시오."
        )
    return report.add_to(result)


SPEC = TaskSpec(
    id="toy-edu",
    title="교육 이수 입력 연습",
    department="시험",
    description="교육 자료 폴더와 이수자 명단을 읽어 규칙을 적용하고, 로그인 뒤 누리집에 이수 내용을 입력하고 이수확인서(HWPX·PDF)를 씁니다.",
    basis="시험용",
    inputs=(
        TableInput(
            "trainees",
            "이수자 명단",
            (
                Column("사례번호", ColumnType.CODE),
                Column("이름", ColumnType.TEXT, ("성명",)),
                Column("교육시간", ColumnType.INTEGER, ("시간",)),
            ),
            row_meaning="이수자 1명",
        ),
    ),
    params=(Param("form_url", "입력 누리집 주소", ParamType.TEXT, "", "이수 내용을 입력할 누리집 주소"), *RULES.params()),
    run=run,
    network=True,
    documents=(DocumentInput("notes", "교육 자료", DocumentKind.FOLDER, (".md",), help="교육 자료 Markdown 파일이 든 폴더"),),
    artifacts=(
        Artifact("이수확인", "이수확인서(HWPX)", ".hwpx", "이수확인서"),
        Artifact("이수확인인쇄", "이수확인서(PDF)", ".pdf", "이수확인서"),
    ),
)


def ensure_registered() -> None:
    from tasks import registry

    if SPEC.id not in registry().ids():
        registry().add(SPEC)


if __name__ == "__main__":
    import main

    ensure_registered()
    sys.exit(main.main(sys.argv[1:]))
