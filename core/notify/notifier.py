"""Plan and deliver: look each message up in the ledger, claim it, send it in batches, mark it.

Guarantees (issue 5): a message the ledger holds as sent is never sent again; a message claimed
but never answered (crash, kill, lost response) is reported as 확인 필요 and not re-sent; one
request per batch; per-recipient failures are recorded and a re-run retries only those; 429 and
5xx are met with back-off (``Retry-After`` honoured), requests are spaced to the provider's limit.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.errors import RunFailed
from core.logs import get_logger
from core.notify.channels.base import Channel, Delivery, Envelope, InDoubt, Rejected, RetryLater

# Labels live in a light module so that task declarations can name them at start-up; re-exported here.
from core.notify.labels import ACCEPTED as ACCEPTED
from core.notify.labels import ALREADY as ALREADY
from core.notify.labels import DRY_RUN as DRY_RUN
from core.notify.labels import EXCLUDED as EXCLUDED
from core.notify.labels import FAILED_KO as FAILED_KO
from core.notify.labels import IN_DOUBT_KO as IN_DOUBT_KO
from core.notify.labels import NOT_SENT as NOT_SENT
from core.notify.labels import PENDING as PENDING
from core.notify.ledger import FAILED, IN_DOUBT_STATES, SENT, UNKNOWN, Claim, Ledger, LedgerKey, LedgerRow, Mark
from core.notify.message import Prepared, in_ad_quiet_hours

log = get_logger("notify")


@dataclass
class Outcome:
    prepared: Prepared
    status: str
    reason: str = ""
    code: str = ""
    provider_id: str = ""
    ledger_id: int | None = None
    previous: LedgerRow | None = None
    attempted: bool = False  # handed to the channel in this run

    @property
    def key(self) -> LedgerKey:
        return key_of(self.prepared)


def key_of(p: Prepared) -> LedgerKey:
    return LedgerKey(p.msg.task, p.msg.case_key, p.msg.step, p.recipient)


def plan(ledger: Ledger, prepared: Sequence[Prepared], *, allow_in_doubt: bool = False) -> list[Outcome]:
    """Read-only: what would happen to each message now. Used by the confirmation page too."""
    rows = ledger.lookup(key_of(p) for p in prepared if p.ok)
    live = ledger.live_runs() if any(r.status in IN_DOUBT_STATES for r in rows.values()) else {}
    out = []
    for p in prepared:
        if not p.ok:
            out.append(Outcome(p, EXCLUDED, p.reason, p.problem))
            continue
        row = rows.get(key_of(p))
        if row is None or row.status == FAILED:
            why = f"지난 실행 실패 재시도: {row.reason or row.code or ''}".rstrip(": ") if row else ""
            out.append(Outcome(p, PENDING, why, previous=row))
        elif row.status == SENT:
            out.append(
                Outcome(
                    p,
                    ALREADY,
                    f"{row.updated_at[:16].replace('T', ' ')}에 발송됨",
                    previous=row,
                    ledger_id=row.id,
                    provider_id=row.provider_id or "",
                )
            )
        elif row.run_id in live:
            # Another run is still sending it: never taken over (not even with 'resend'), and never
            # described as interrupted, which would push the clerk toward resending.
            doing = "보내는 중이라 결과가 아직 기록되지 않았습니다" if row.status != UNKNOWN else "업체 응답을 받지 못했습니다"
            other = live[row.run_id]
            why = (
                f"다른 PC에서 보내는 중입니다({other.describe()}). 그 PC의 실행이 끝난 뒤 결과를 확인하십시오"
                if other.elsewhere  # department mode: another clerk's PC holds the run lock right now (issue 18)
                else f"다른 실행({other.describe()})이 아직 실행 중이며 이 문자를 {doing}. 그 실행이 끝난 뒤 결과를 확인하십시오"
            )
            out.append(
                Outcome(
                    p,
                    IN_DOUBT_KO,
                    why,
                    previous=row,
                    ledger_id=row.id,
                )
            )
        elif allow_in_doubt:
            out.append(Outcome(p, PENDING, "확인 필요 건 재발송(담당자 허용)", previous=row))
        else:
            why = (
                "이전 실행이 보내는 도중 중단되어 결과가 기록되지 않았습니다"
                if row.status != UNKNOWN
                else (row.reason or "업체 응답을 받지 못했습니다")
            )
            out.append(Outcome(p, IN_DOUBT_KO, f"{why}. 업체 발송 내역을 확인하십시오", previous=row, ledger_id=row.id))
    return out


ProgressFn = Callable[[int, int, str], None]


class Notifier:
    """Sends the PENDING outcomes of a plan through one channel."""

    def __init__(
        self,
        ledger: Ledger,
        channel: Channel,
        *,
        sender: str,
        run_id: str | None = None,
        requests_per_second: float = 5,
        max_retries: int = 4,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.ledger = ledger
        self.channel = channel
        self.sender = sender
        self.run_id = run_id
        self.min_interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.monotonic = monotonic
        self._last_request = -1e9
        self.requests = 0

    def batches(self, pending: list[Outcome]) -> list[list[Outcome]]:
        size = max(1, self.channel.max_batch)
        groups: dict[str, list[Outcome]] = {}
        for o in pending:
            groups.setdefault(o.prepared.kind if self.channel.split_by_kind else "", []).append(o)
        return [g[i : i + size] for g in groups.values() for i in range(0, len(g), size)]

    def deliver(
        self,
        outcomes: list[Outcome],
        *,
        progress: ProgressFn | None = None,
        advertising: bool = False,
        now: dt.datetime | None = None,
        allow_in_doubt: bool = False,
    ) -> list[Outcome]:
        pending = [o for o in outcomes if o.status == PENDING]
        if advertising and pending and in_ad_quiet_hours(now or dt.datetime.now()):
            raise RunFailed(
                "광고성 문자는 21시부터 다음 날 8시 사이에 보낼 수 없습니다(정보통신망법 제50조③). 8시 이후에 다시 실행하십시오."
            )
        total = len(pending)
        done = 0
        stop_reason = ""
        in_doubt_streak = 0
        for batch in self.batches(pending):
            if progress:
                progress(done, total, f"발송 중 {done:,}/{total:,}건")
            if stop_reason:
                for o in batch:
                    o.status, o.reason = NOT_SENT, stop_reason
                continue
            result = self._send_one_batch(batch, allow_in_doubt)
            done += len(batch)
            if result == "in_doubt":
                in_doubt_streak += 1
                if in_doubt_streak >= 2:
                    stop_reason = "업체 응답이 연달아 끊겨 나머지는 보내지 않았습니다(다음 실행에 보냄)"
            else:
                in_doubt_streak = 0
            if isinstance(result, Rejected) and result.fatal:
                stop_reason = f"앞 요청이 거부되어 보내지 않았습니다: {result.reason}"
        if progress:
            progress(total, total, f"발송 끝: {total:,}건 처리")
        return outcomes

    # ------------------------------------------------------------------ one batch
    def _throttle(self) -> None:
        wait = self._last_request + self.min_interval - self.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_request = self.monotonic()

    def _send_one_batch(self, batch: list[Outcome], allow_in_doubt: bool) -> object:
        batch_id = uuid.uuid4().hex[:16]
        claims = [Claim(o.key, self.channel.name, o.prepared.kind, o.prepared.body_bytes, o.prepared.text) for o in batch]
        ids = self.ledger.claim(claims, run_id=self.run_id, batch_id=batch_id, allow_in_doubt=allow_in_doubt)
        mine: list[tuple[Outcome, int]] = []  # each claimed message with the ledger row this run holds
        for o, lid in zip(batch, ids, strict=True):
            if lid is None:  # another run took it (or sent it) since the plan was made
                o.status, o.reason = ALREADY, "다른 실행이 먼저 보냈거나 보내는 중입니다"
            else:
                o.ledger_id = lid
                o.attempted = True
                mine.append((o, lid))
        if not mine:
            return None
        envelopes = [
            Envelope(
                lid,
                o.prepared.recipient,
                self.sender,
                o.prepared.kind,
                o.prepared.text,
                o.prepared.subject,
                o.prepared.msg.name,
                o.prepared.msg.html,
            )
            for o, lid in mine
        ]
        attempt = 0
        while True:
            self._throttle()
            self.requests += 1
            try:
                deliveries = self.channel.send_batch(envelopes)
            except RetryLater as exc:
                attempt += 1
                if attempt > self.max_retries:
                    self._mark_all(
                        mine, FAILED, "retry", f"{exc.reason}. {self.max_retries}번 다시 시도했으나 실패(다음 실행에 다시 보냄)"
                    )
                    return exc
                delay = exc.retry_after if exc.retry_after is not None else min(self.backoff * 2 ** (attempt - 1), 60.0)
                log.info("batch %s: %s; retry %d in %.2fs", batch_id, exc.reason, attempt, delay)
                self.sleep(delay)
                continue
            except InDoubt as exc:
                self._mark_all(mine, UNKNOWN, "in_doubt", exc.reason)
                return "in_doubt"
            except Rejected as exc:
                self._mark_all(mine, FAILED, exc.code, exc.reason)
                return exc
            except Exception as exc:  # a bug in a channel: the request may have gone out
                log.exception("batch %s crashed", batch_id)
                self._mark_all(mine, UNKNOWN, "error", f"발송 중 예상하지 못한 오류({type(exc).__name__})")
                return "in_doubt"
            self._record(mine, deliveries)
            return None

    def _mark_all(self, mine: list[tuple[Outcome, int]], status: str, code: str, reason: str) -> None:
        self.ledger.mark([Mark(lid, status, "", code, reason) for _, lid in mine])
        for o, _ in mine:
            o.status, o.code, o.reason = _ko(status), code, reason

    def _record(self, mine: list[tuple[Outcome, int]], deliveries: list[Delivery]) -> None:
        by_id = {d.ledger_id: d for d in deliveries}
        marks = []
        for o, lid in mine:
            d = by_id.get(lid) or Delivery(lid, UNKNOWN, "", "", "업체 응답에 이 메시지의 결과가 없습니다")
            marks.append(Mark(lid, d.status, d.provider_id, d.code, d.reason))
            o.status, o.code, o.reason, o.provider_id = _ko(d.status), d.code, d.reason, d.provider_id
        self.ledger.mark(marks)


def _ko(status: str) -> str:
    return {SENT: ACCEPTED, FAILED: FAILED_KO, UNKNOWN: IN_DOUBT_KO}.get(
        status, IN_DOUBT_KO if status in IN_DOUBT_STATES else status
    )
