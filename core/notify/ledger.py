"""The notification ledger: written before a message goes out, marked after the provider answers.

States: ``sending`` (claimed, handed to a provider, no answer recorded yet), ``sent`` (the provider
accepted it), ``failed`` (the provider refused it, or it was never handed over: a re-run retries
it), ``unknown`` (the request may have reached the provider but the answer was lost). ``sending``
left behind by a crash and ``unknown`` are both reported as 확인 필요 and are not re-sent unless the
clerk, having checked the provider's console, says so.

Recipients are stored as HMAC-SHA256 with a per-installation salt plus ``010-****-5678``; the
message text only as its SHA-256. (The number space is small, so the hash protects against casual
reading, not against someone who holds the database and the salt.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.masking import mask_phone, scrub
from core.procs import pid_alive
from core.store import Store, now_iso

SENDING, SENT, FAILED, UNKNOWN = "sending", "sent", "failed", "unknown"
IN_DOUBT_STATES = (SENDING, UNKNOWN)


@dataclass(frozen=True)
class LedgerKey:
    task: str
    case_key: str
    step: str
    recipient: str  # digits or e-mail address (hashed before it touches the database)


@dataclass
class LedgerRow:
    id: int
    status: str
    provider_id: str | None
    code: str | None
    reason: str | None
    attempts: int
    run_id: str | None
    updated_at: str


@dataclass
class Claim:
    key: LedgerKey
    channel: str
    kind: str
    bytes: int
    text: str


@dataclass
class Mark:
    ledger_id: int
    status: str
    provider_id: str = ""
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class LiveRun:
    """A run recorded as running whose process is still there: its in-doubt rows are not ours to touch."""

    id: str
    pid: int
    started_at: str

    def describe(self) -> str:
        return f"실행 번호 {self.id[:8]}, {self.started_at[:19].replace('T', ' ')} 시작, 프로세스 {self.pid}"


def mask_recipient(recipient: str) -> str:
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    return mask_phone(recipient)


class Ledger:
    def __init__(self, store: Store):
        self.store = store
        self._salt: bytes | None = None

    # ------------------------------------------------------------ keys
    def salt(self) -> bytes:
        if self._salt is None:
            with self.store.transaction() as conn:
                row = conn.execute("SELECT salt FROM notify_salt WHERE id = 1").fetchone()
                if row is None:
                    value = secrets.token_hex(32)
                    conn.execute("INSERT INTO notify_salt (id, salt) VALUES (1, ?)", (value,))
                else:
                    value = row[0]
            self._salt = bytes.fromhex(value)
        return self._salt

    def recipient_hash(self, recipient: str) -> str:
        return hmac.new(self.salt(), recipient.encode("utf-8"), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------ reading
    def lookup(self, keys: Iterable[LedgerKey]) -> dict[LedgerKey, LedgerRow]:
        """Existing rows for *keys* (one query per task; the ledger of one task fits in memory)."""
        by_task: dict[str, dict[tuple[str, str, str], LedgerKey]] = {}
        for key in keys:
            by_task.setdefault(key.task, {})[(key.case_key, key.step, self.recipient_hash(key.recipient))] = key
        found: dict[LedgerKey, LedgerRow] = {}
        conn = self.store.connect()
        for task, wanted in by_task.items():
            for r in conn.execute(
                "SELECT id, case_key, step, recipient_hash, status, provider_id, code, reason, attempts, "
                "run_id, updated_at FROM notify_ledger WHERE task = ?",
                (task,),
            ):
                key = wanted.get((r["case_key"], r["step"], r["recipient_hash"]))
                if key is not None:
                    found[key] = LedgerRow(
                        r["id"],
                        r["status"],
                        r["provider_id"],
                        r["code"],
                        r["reason"],
                        r["attempts"],
                        r["run_id"],
                        r["updated_at"],
                    )
        return found

    def live_runs(self) -> dict[str, LiveRun]:
        """Runs still running in a live process (issue 10: ``unconfirmed=resend`` took over rows that a
        live run was still sending, and 100 of 300 people got two messages)."""
        rows = self.store.connect().execute("SELECT id, pid, started_at FROM runs WHERE status = 'running'").fetchall()
        return {r["id"]: LiveRun(r["id"], int(r["pid"]), r["started_at"] or "") for r in rows if pid_alive(r["pid"])}

    def counts(self, task: str) -> dict[str, int]:
        rows = self.store.connect().execute("SELECT status, COUNT(*) FROM notify_ledger WHERE task = ? GROUP BY status", (task,))
        return {status: n for status, n in rows}

    # ------------------------------------------------------------ writing
    def claim(
        self, claims: Sequence[Claim], *, run_id: str | None, batch_id: str, allow_in_doubt: bool = False
    ) -> list[int | None]:
        """Mark each message 'sending' before it is sent; None where it is not ours to send.

        A new key is inserted; a ``failed`` one (or, when the clerk allows it, an in-doubt one) is
        taken over; a ``sent`` one is never touched. One IMMEDIATE transaction with a full fsync, so
        that two runs can never claim the same message and a power cut cannot lose the claim.
        """
        self.salt()  # outside the transaction below
        live = sorted(self.live_runs()) if allow_in_doubt else []
        retry_states = (FAILED, *IN_DOUBT_STATES) if allow_in_doubt else (FAILED,)
        placeholders = ",".join("?" for _ in retry_states)
        # An in-doubt row is taken over only when the run that claimed it is gone; a failed one always.
        not_live = (
            f" AND (notify_ledger.status = '{FAILED}' OR notify_ledger.run_id IS NULL "
            f"OR notify_ledger.run_id NOT IN ({','.join('?' for _ in live)}))"
            if live
            else ""
        )
        conn = self.store.connect()
        conn.execute("PRAGMA synchronous=FULL")
        ids: list[int | None] = []
        try:
            with self.store.transaction() as conn:
                now = now_iso()
                for c in claims:
                    h = self.recipient_hash(c.key.recipient)
                    digest = hashlib.sha256(c.text.encode("utf-8")).hexdigest()
                    row = conn.execute(
                        "INSERT INTO notify_ledger (task, case_key, step, recipient_hash, recipient_masked, channel, kind, "
                        "bytes, text_sha256, status, run_id, batch_id, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?) "
                        "ON CONFLICT (task, case_key, step, recipient_hash) DO UPDATE SET "
                        "status = 'sending', channel = excluded.channel, kind = excluded.kind, bytes = excluded.bytes, "
                        "text_sha256 = excluded.text_sha256, run_id = excluded.run_id, batch_id = excluded.batch_id, "
                        "provider_id = NULL, code = NULL, reason = NULL, attempts = notify_ledger.attempts + 1, "
                        f"updated_at = excluded.updated_at WHERE notify_ledger.status IN ({placeholders}){not_live} "
                        "RETURNING id",
                        (
                            c.key.task,
                            c.key.case_key,
                            c.key.step,
                            h,
                            mask_recipient(c.key.recipient),
                            c.channel,
                            c.kind,
                            c.bytes,
                            digest,
                            run_id,
                            batch_id,
                            now,
                            now,
                            *retry_states,
                            *live,
                        ),
                    ).fetchone()
                    ids.append(int(row[0]) if row else None)
        finally:
            conn.execute("PRAGMA synchronous=NORMAL")
        return ids

    def mark(self, marks: Sequence[Mark]) -> None:
        if not marks:
            return
        now = now_iso()
        with self.store.transaction() as conn:
            conn.executemany(
                "UPDATE notify_ledger SET status = ?, provider_id = ?, code = ?, reason = ?, updated_at = ? WHERE id = ?",
                [
                    (m.status, m.provider_id or None, m.code or None, scrub(m.reason) if m.reason else None, now, m.ledger_id)
                    for m in marks
                ],
            )

    def resolve(self, key: LedgerKey, *, delivered: bool, note: str = "") -> bool:
        """The clerk checked the provider's console: record an in-doubt message as sent or not sent.

        Never a row of a run that is still running: its answer may yet come."""
        status = SENT if delivered else FAILED
        recipient_hash = self.recipient_hash(key.recipient)
        live = sorted(self.live_runs())
        not_live = f" AND (run_id IS NULL OR run_id NOT IN ({','.join('?' for _ in live)}))" if live else ""
        reason = note or ("담당자가 발송 내역에서 확인함" if delivered else "담당자가 미발송을 확인함(다음 실행에 다시 보냄)")
        with self.store.transaction() as conn:
            cur = conn.execute(
                f"UPDATE notify_ledger SET status = ?, reason = ?, updated_at = ? WHERE task = ? AND case_key = ? AND step = ? "
                f"AND recipient_hash = ? AND status IN ('{SENDING}', '{UNKNOWN}'){not_live}",
                (status, reason, now_iso(), key.task, key.case_key, key.step, recipient_hash, *live),
            )
            return cur.rowcount > 0
