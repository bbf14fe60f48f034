"""The notification ledger: the notifier's view of the effects ledger (core.effects).

A message is an effect keyed by (task, case key, step, recipient): 문자 through an SMS provider,
전자우편, or a row of the upload file. States as in core.effects: ``sending`` (claimed, handed to a
provider, no answer recorded yet), ``sent`` (the provider accepted it), ``failed`` (refused, or
never handed over: a re-run retries it), ``unknown`` (the answer was lost). ``sending`` left behind
by a crash and ``unknown`` are both 확인 필요 and are not re-sent unless the clerk, having checked the
provider's console, says so.

Recipients are stored as HMAC-SHA256 with a per-installation salt plus ``010-****-5678``; the
message text only as its SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.effects import FAILED as FAILED
from core.effects import IN_DOUBT_STATES as IN_DOUBT_STATES
from core.effects import SENDING as SENDING
from core.effects import SENT as SENT
from core.effects import UNKNOWN as UNKNOWN
from core.effects import EffectKey as LedgerKey  # (task, case_key, step, recipient)
from core.effects import EffectKind, EffectsLedger, Mark, Record
from core.effects import EffectRow as LedgerRow
from core.effects import LiveRun as LiveRun
from core.effects import mask_target as mask_recipient
from core.store import Store

__all__ = [
    "FAILED",
    "IN_DOUBT_STATES",
    "SENDING",
    "SENT",
    "UNKNOWN",
    "Claim",
    "Ledger",
    "LedgerKey",
    "LedgerRow",
    "LiveRun",
    "Mark",
    "mask_recipient",
]

# The effect each channel has on the world: its rows are listed under this kind in the ledger view.
CHANNEL_KINDS = {"email": EffectKind.EMAIL, "upload": EffectKind.UPLOAD_ROW}


@dataclass
class Claim:
    key: LedgerKey
    channel: str
    kind: str  # SMS/LMS/MMS, or the e-mail's kind
    bytes: int
    text: str


class Ledger:
    """Messages on the effects ledger; the notifier's batches claim and mark many rows at once."""

    def __init__(self, store: Store):
        self.store = store
        self.effects = EffectsLedger(store)

    def salt(self) -> bytes:
        return self.effects.salt()

    def recipient_hash(self, recipient: str) -> str:
        return self.effects.target_hash(recipient)

    def lookup(self, keys: Iterable[LedgerKey]) -> dict[LedgerKey, LedgerRow]:
        return self.effects.lookup(keys)

    def live_runs(self) -> dict[str, LiveRun]:
        return self.effects.live_runs()

    def counts(self, task: str) -> dict[str, int]:
        return self.effects.counts(task)

    def claim(
        self, claims: Sequence[Claim], *, run_id: str | None, batch_id: str, allow_in_doubt: bool = False
    ) -> list[int | None]:
        """Mark each message 'sending' before it is sent; None where it is not ours to send."""
        records = [
            Record(
                c.key,
                CHANNEL_KINDS.get(c.channel, EffectKind.SMS),
                channel=c.channel,
                detail=c.kind,
                bytes=c.bytes,
                content=c.text,
                summary=f"{c.key.step} {c.kind}",
            )
            for c in claims
        ]
        return self.effects.claim(records, run_id=run_id, batch_id=batch_id, allow_in_doubt=allow_in_doubt)

    def mark(self, marks: Sequence[Mark]) -> None:
        self.effects.mark(marks)

    def resolve(self, key: LedgerKey, *, delivered: bool, note: str = "") -> bool:
        """The clerk checked the provider's console: record an in-doubt message as sent or not sent.

        Never a row of a run that is still running: its answer may yet come."""
        reason = note or ("담당자가 발송 내역에서 확인함" if delivered else "담당자가 미발송을 확인함(다음 실행에 다시 보냄)")
        return self.effects.resolve(key, delivered=delivered, note=reason)
