"""Optional reminder SMS to the 미이수 businesses (``--param remind=true``), through the notifier.

Each message is a row on the effects ledger keyed by (task, 영업신고번호, "{year}년 미이수 독려"): a
re-run never sends the same year's reminder twice, and one in doubt is left for the clerk. A licence
whose completion is still in 검토 (수료 확인 필요) gets no reminder: it may well have trained.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from core.context import RunContext
from core.masking import mask_phone
from core.notify import config as notify_config
from core.notify.message import Outgoing, prepare
from core.notify.notifier import Outcome
from core.notify.service import send
from core.org import require_org
from tasks.hygiene_training.hours import hours_text
from tasks.hygiene_training.judge import Missing
from tasks.hygiene_training.outcomes import CHECK_COMPLETION, TASK_ID


def messages(missing: Sequence[Missing], year: int, org: str, contact: str) -> list[Outgoing]:
    out = []
    for m in missing:
        if m.reason == CHECK_COMPLETION or not m.licence.phone:
            continue
        ask = f" 문의 {contact}" if contact else ""
        text = (
            f"[{org}] {m.licence.name} 영업자님, {year}년 위생교육({hours_text(m.required)}) 이수 기록이 확인되지 않습니다. "
            f"교육을 받으셨으면 수료증을 보내 주시고, 아니면 연내에 받아 주십시오.{ask}"
        )
        out.append(Outgoing(TASK_ID, m.licence.number, f"{year}년 미이수 독려", m.licence.phone, text, ref=m))
    return out


def remind(ctx: RunContext, missing: Sequence[Missing], year: int, params: dict[str, Any]) -> pd.DataFrame:
    """Send (or, in a dry run, plan) the reminders; the rows of the 독려문자 sheet, phone numbers masked."""
    org = (
        str(ctx.settings.get("notify.org_name") or "")
        or require_org(ctx.settings, "문자 앞머리 [기관명]을 정할 수 없습니다").name
    )
    channel = notify_config.channel_name(ctx.settings)
    prepared = prepare(messages(missing, year, org, str(params.get("remind_contact") or "")), channel=channel)
    report = send(ctx, prepared, channel=channel, output_dir=ctx.settings.output_dir(), prefix="위생교육_독려문자업로드")
    return pd.DataFrame([_row(o) for o in report.outcomes], columns=["영업신고번호", "업소명", "연락처", "유형", "결과", "사유"])


def _row(o: Outcome) -> list[str]:
    m: Missing = o.prepared.msg.ref
    return [m.licence.number, m.licence.name, mask_phone(m.licence.phone), o.prepared.kind, o.status, o.reason]
