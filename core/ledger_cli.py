"""``python main.py ledger``: the 외부 처리 기록 on the command line (list, resolve, export).

    ledger list [--task T] [--status 확인필요|실행중|실패|완료] [--json]
    ledger resolve ID... --as sent|retry
    ledger export --output F.xlsx [--task T] [--status S]

Exit codes: 0 done; 2 when an id was not found or not resolved (not in doubt, or its run is still
running), or for a bad argument.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from core.effects_view import IN_DOUBT, STATES, Entry, entries, export, resolve
from core.errors import InputError
from core.spec import TaskSpec
from core.store_cli import shared_store

RESOLVE_HINT = (
    "확인필요 건은 상대 시스템(문자 업체 발송 내역, 해당 누리집)에서 처리되었는지 확인한 뒤 정리하십시오:\n"
    "  python main.py ledger resolve 번호 --as sent   # 처리된 것으로(다시 하지 않음)\n"
    "  python main.py ledger resolve 번호 --as retry  # 처리되지 않았음(다음 실행에서 다시 함)\n"
)


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    ledger = sub.add_parser("ledger", help="외부 처리 기록(문자·전자우편·업로드·웹 입력·게시): 보기, 확인 필요 건 정리, 내보내기")
    commands = ledger.add_subparsers(dest="ledger_command", parser_class=parser_class)
    p = commands.add_parser("list", help="기록 보기 (확인필요 먼저)")
    p.add_argument("--task", help="이 작업의 기록만")
    p.add_argument("--status", choices=STATES, help="이 상태의 기록만")
    p.add_argument("--json", action="store_true", help="JSON으로 출력")
    p = commands.add_parser("resolve", help="확인필요 건 정리")
    p.add_argument("ids", nargs="+", type=int, metavar="번호")
    p.add_argument(
        "--as", dest="how", required=True, choices=("sent", "retry"), help="sent: 처리된 것으로, retry: 다시 하기 허용"
    )
    p = commands.add_parser("export", help="엑셀로 내보내기 (대상은 가린 형태)")
    p.add_argument("--output", required=True, type=Path, help="내보낼 엑셀 파일(.xlsx)")
    p.add_argument("--task", help="이 작업의 기록만")
    p.add_argument("--status", choices=STATES, help="이 상태의 기록만")


def main(args: argparse.Namespace, tasks: Iterable[TaskSpec], out: TextIO, err: TextIO) -> int:
    titles = {t.id: t.title for t in tasks}
    store = shared_store()  # store.url: this PC's file or the department's shared ledger (never the offline journal)
    if args.ledger_command == "list":
        found = entries(store, task=args.task, state=args.status)
        if args.json:
            out.write(
                json.dumps([{**e.as_dict(), "task_title": titles.get(e.task, e.task)} for e in found], ensure_ascii=False) + "\n"
            )
        else:
            print_entries(found, titles, out)
        return 0
    if args.ledger_command == "resolve":
        lines = resolve(store, args.ids, args.how, titles)
        for line in lines:
            out.write(line.message + "\n")
        return 0 if all(line.changed for line in lines) else 2
    if args.ledger_command == "export":
        if args.output.suffix.lower() != ".xlsx":
            raise InputError(f"내보낼 파일은 .xlsx여야 합니다: {args.output}")
        path = export(store, args.output, task=args.task, state=args.status, titles=titles)
        found = entries(store, task=args.task, state=args.status)
        doubt = sum(1 for e in found if e.state == IN_DOUBT)
        out.write(f"내보냈습니다: {path} ({len(found):,}건, 확인필요 {doubt:,}건)\n")
        return 0
    err.write("ledger 다음에 list, resolve, export 가운데 하나를 적어 주십시오. 예: python main.py ledger list\n")
    return 2


def print_entries(found: list[Entry], titles: dict[str, str], out: TextIO) -> None:
    if not found:
        out.write("조건에 맞는 외부 처리 기록이 없습니다.\n")
        return
    out.write("번호\t상태\t종류\t작업\t사례\t단계\t대상\t마지막 변경\t내용\t사유\n")
    for e in found:
        when = e.updated_at[:16].replace("T", " ")
        out.write(
            f"{e.id}\t{e.state}\t{e.kind}\t{titles.get(e.task, e.task)}\t{e.case_key}\t{e.step}\t{e.target}\t{when}\t"
            f"{e.summary}\t{e.reason}\n"
        )
    counts = {s: sum(1 for e in found if e.state == s) for s in STATES}
    out.write(" · ".join(f"{s} {n:,}건" for s, n in counts.items()) + "\n")
    if counts[IN_DOUBT]:
        out.write(RESOLVE_HINT)
