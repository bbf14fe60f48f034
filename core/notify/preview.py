"""What the GUI's "confirm-send" page shows before anything goes out: a pure function of a plan.

A task that declares ``pages=("confirm-send",)`` declares ``preview=fn`` on its spec too:
``fn(tables, params, ctx) -> SendPreview``, built with ``build_preview``. It reads the ledger (to leave
out what was already sent) and never sends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.masking import mask_name
from core.notify.labels import ALREADY, EXCLUDED, IN_DOUBT_KO, PENDING
from core.notify.ledger import mask_recipient

if TYPE_CHECKING:  # the notifier pulls in the channels (requests): this module stays light
    from core.notify.notifier import Outcome


@dataclass
class SampleMessage:
    recipient: str  # masked
    name: str  # masked
    kind: str
    bytes: int
    subject: str
    text: str
    step: str


@dataclass
class SendPreview:
    count: int
    by_kind: dict[str, int]
    cost_won: int
    samples: list[SampleMessage]
    excluded: int = 0
    already_sent: int = 0
    in_doubt: int = 0
    channel: str = ""
    sender: str = ""
    warnings: list[str] = field(default_factory=list)
    # For a task whose messages are optional: why nothing goes out this run by the clerk's own choice
    # ("안내 발송: 보내지 않음"). The confirm page then shows it and lets the run go on without the tick.
    sending_off: str = ""

    def headline(self) -> str:
        kinds = ", ".join(f"{k} {n:,}건" for k, n in sorted(self.by_kind.items()))
        return f"{self.count:,}건을 보냅니다({kinds}). 예상 비용 약 {self.cost_won:,}원."


def build_preview(
    outcomes: Sequence[Outcome], *, prices: dict[str, int], channel: str = "", sender: str = "", samples: int = 3
) -> SendPreview:
    pending = [o for o in outcomes if o.status == PENDING]
    by_kind: dict[str, int] = {}
    for o in pending:
        by_kind[o.prepared.kind] = by_kind.get(o.prepared.kind, 0) + 1
    cost = sum(prices.get(kind, 0) * n for kind, n in by_kind.items())
    chosen: list[Outcome] = []
    steps_seen: set[str] = set()
    for o in pending:  # one per step first, so the clerk sees different wordings
        if o.prepared.msg.step not in steps_seen:
            chosen.append(o)
            steps_seen.add(o.prepared.msg.step)
        if len(chosen) == samples:
            break
    for o in pending:
        if len(chosen) >= samples:
            break
        if o not in chosen:
            chosen.append(o)
    shown = [
        SampleMessage(
            mask_recipient(o.prepared.recipient),
            mask_name(o.prepared.msg.name),
            o.prepared.kind,
            o.prepared.body_bytes,
            o.prepared.subject,
            o.prepared.text,
            o.prepared.msg.step,
        )
        for o in chosen
    ]
    in_doubt = sum(o.status == IN_DOUBT_KO for o in outcomes)
    warnings = []
    if in_doubt:
        warnings.append(f"지난 실행에서 결과를 받지 못한 {in_doubt}건은 보내지 않습니다(확인 필요).")
    return SendPreview(
        len(pending),
        by_kind,
        cost,
        shown,
        sum(o.status == EXCLUDED for o in outcomes),
        sum(o.status == ALREADY for o in outcomes),
        in_doubt,
        channel,
        sender,
        warnings,
    )
