"""The effects ledger: every outside effect is written down before it happens and confirmed after.

An effect is anything a run does to the world that cannot be taken back by deleting a file: a 문자,
an 전자우편, a row in an upload file, a 웹 입력 (a form submitted to another system), a 게시판 게시.
Each is keyed by (task, case key, step, target). The rules (those of the notification ledger,
issue 5, now for every kind):

- recorded as ``sending`` before it happens, in a fully synced transaction;
- confirmed ``sent`` after, or ``failed`` with a reason when it was refused before it left (a
  re-run does it again), or ``unknown`` when it may have happened but the answer was lost;
- a ``sending`` row whose run died, and an ``unknown`` row, are 확인 필요: never repeated blindly,
  resolved by the clerk (core.effects_view);
- a row of a run whose process is still alive is never taken over nor resolved (issue 10).

Targets are stored as HMAC-SHA256 plus a masked display form; the content only as its SHA-256. The
key is a per-installation salt in the SQLite file, and on a department's shared PostgreSQL the
credential ``store-hmac-key`` kept in each PC's keyring, never in the database. (Phone numbers are a
small space: the hash keeps out whoever holds the database without the key, not someone with both.)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.masking import mask_phone, mask_text
from core.procs import pid_alive
from core.store import Store, now_iso

SENDING, SENT, FAILED, UNKNOWN = "sending", "sent", "failed", "unknown"
IN_DOUBT_STATES = (SENDING, UNKNOWN)


class EffectKind(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    UPLOAD_ROW = "upload"
    WEB_FORM = "web_form"
    BOARD_POST = "board_post"


KIND_LABELS = {
    EffectKind.SMS: "문자",
    EffectKind.EMAIL: "전자우편",
    EffectKind.UPLOAD_ROW: "업로드 파일 행",
    EffectKind.WEB_FORM: "웹 입력",
    EffectKind.BOARD_POST: "게시판 게시",
}


def kind_label(kind: str) -> str:
    try:
        return KIND_LABELS[EffectKind(kind)]
    except ValueError:
        return kind


@dataclass(frozen=True)
class EffectKey:
    task: str
    case_key: str
    step: str
    target: str  # phone digits, e-mail address, a form's record key… (hashed before it touches the database)


@dataclass
class EffectRow:
    id: int
    status: str
    provider_id: str | None
    code: str | None
    reason: str | None
    attempts: int
    run_id: str | None
    updated_at: str


@dataclass
class Record:
    """What is written when an effect is claimed."""

    key: EffectKey
    kind: EffectKind
    channel: str = ""  # the way it goes out: solapi, email, upload, a web recipe's name
    detail: str = ""  # SMS/LMS/MMS for a message
    bytes: int = 0
    content: str = ""  # kept only as its SHA-256
    summary: str = ""  # one line for the clerk; masked before it is stored
    shown: str = ""  # the target's display form; masked from the target when empty


@dataclass
class Mark:
    effect_id: int
    status: str
    provider_id: str = ""
    code: str = ""
    reason: str = ""


@dataclass(frozen=True)
class LiveRun:
    """A run recorded as running that is still alive: its in-doubt rows are not ours to touch.

    On the embedded store "alive" is a local process; on a department's shared store it is the run's advisory
    lock still held on the server (core/runlock_pg.py), whichever PC holds it: ``host`` and ``clerk`` say who."""

    id: str
    pid: int
    started_at: str
    host: str = ""
    clerk: str = ""

    def describe(self) -> str:
        started = self.started_at[:19].replace("T", " ")
        if self.host:
            return f"PC {self.host}, 담당자 {self.clerk}, 실행 번호 {self.id[:8]}, {started} 시작"
        return f"실행 번호 {self.id[:8]}, {started} 시작, 프로세스 {self.pid}"

    @property
    def elsewhere(self) -> bool:
        """Run by another PC of the department (not this one)."""
        if not self.host:
            return False
        from core.runlock_pg import this_pc

        return self.host != this_pc()[0]


_PHONE_LIKE = re.compile(r"^[\d\s\-.+()]{8,}$")


def mask_target(target: str) -> str:
    """E-mail 'h***@example.kr', phone '010-****-5678'; anything else scrubbed of numbers that identify."""
    if "@" in target:
        local, _, domain = target.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    if _PHONE_LIKE.match(target) and re.sub(r"\D", "", target).startswith("0"):
        return mask_phone(target)
    return mask_text(target)


class EffectsLedger:
    """The store-backed ledger. Batch methods (claim, mark, lookup) serve the notifier's batches."""

    def __init__(self, store: Store):
        self.store = store
        self._salt: bytes | None = None

    # ------------------------------------------------------------ keys
    def salt(self) -> bytes:
        """The HMAC key for targets. A shared store (issue 18) gives its own (``target_key``: the credential
        ``store-hmac-key``, never kept in the database, so a dump alone reveals no number) and refuses in
        Korean when this PC cannot send safely; the embedded SQLite store keeps a per-installation salt."""
        if self._salt is None:
            shared = getattr(self.store, "target_key", None)
            self._salt = shared() if callable(shared) else self._local_salt()
        return self._salt

    def _local_salt(self) -> bytes:
        # One statement that cannot race: two processes starting at once both insert, one wins, and both
        # read the winner's salt.
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO effects_salt (id, salt) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", (secrets.token_hex(32),)
            )
            value = conn.execute("SELECT salt FROM effects_salt WHERE id = 1").fetchone()[0]
        return bytes.fromhex(value)

    def target_hash(self, target: str) -> str:
        return hmac.new(self.salt(), target.encode("utf-8"), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------ reading
    def lookup(self, keys: Iterable[EffectKey]) -> dict[EffectKey, EffectRow]:
        """Existing rows for *keys* (one query per task; the ledger of one task fits in memory)."""
        by_task: dict[str, dict[tuple[str, str, str], EffectKey]] = {}
        for key in keys:
            by_task.setdefault(key.task, {})[(key.case_key, key.step, self.target_hash(key.target))] = key
        found: dict[EffectKey, EffectRow] = {}
        conn = self.store.connect()
        for task, wanted in by_task.items():
            for r in conn.execute(
                "SELECT id, case_key, step, target_hash, status, provider_id, code, reason, attempts, run_id, updated_at "
                "FROM effects WHERE task = ?",
                (task,),
            ):
                hit = wanted.get((r["case_key"], r["step"], r["target_hash"]))
                if hit is not None:
                    found[hit] = EffectRow(
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
        live run was still sending, and 100 of 300 people got two messages).

        On a shared store a local pid means nothing for another PC's run (and may even match a live process
        here): a run is alive while its advisory run lock is held on the server, which drops it when that
        PC's connection ends, so a dead PC's rows become 확인 필요 (issue 18)."""
        rows = self.store.connect().execute("SELECT id, pid, started_at FROM runs WHERE status = 'running'").fetchall()
        holders = getattr(self.store, "run_lock_holders", None)
        if callable(holders):
            held = holders()
            return {
                r["id"]: LiveRun(
                    r["id"], int(r["pid"] or 0), r["started_at"] or "", held[r["id"][:8]].host, held[r["id"][:8]].clerk
                )
                for r in rows
                if r["id"][:8] in held
            }
        return {r["id"]: LiveRun(r["id"], int(r["pid"]), r["started_at"] or "") for r in rows if pid_alive(r["pid"])}

    def counts(self, task: str) -> dict[str, int]:
        rows = self.store.connect().execute("SELECT status, COUNT(*) FROM effects WHERE task = ? GROUP BY status", (task,))
        return {status: n for status, n in rows}

    # ------------------------------------------------------------ writing
    def claim(
        self, records: Sequence[Record], *, run_id: str | None, batch_id: str = "", allow_in_doubt: bool = False
    ) -> list[int | None]:
        """Mark each effect 'sending' before it happens; None where it is not ours to do.

        A new key is inserted; a ``failed`` one (or, when the clerk allows it, an in-doubt one whose
        run is gone) is taken over; a ``sent`` one is never touched. One IMMEDIATE transaction with a
        full fsync, so that two runs never claim the same effect and a power cut cannot lose the claim.
        """
        self.salt()  # outside the transaction below
        live = sorted(self.live_runs()) if allow_in_doubt else []
        retry_states = (FAILED, *IN_DOUBT_STATES) if allow_in_doubt else (FAILED,)
        placeholders = ",".join("?" for _ in retry_states)
        not_live = (
            f" AND (effects.status = '{FAILED}' OR effects.run_id IS NULL "
            f"OR effects.run_id NOT IN ({','.join('?' for _ in live)}))"
            if live
            else ""
        )
        hashes = [self.target_hash(r.key.target) for r in records]
        # Department mode (issue 18) on a shared PostgreSQL: a new effect is claimed by one
        # INSERT … ON CONFLICT DO NOTHING RETURNING, which never locks another PC's row; only a row that may be
        # taken over (failed, or in doubt when allowed) is then claimed by an UPDATE … WHERE status … RETURNING,
        # atomic in its turn. (One ON CONFLICT DO UPDATE … WHERE locked every conflicting row of the other PCs
        # until commit, and their confirmations then deadlocked with it.) Rows go in key order, whatever order the
        # batch came in, so two PCs claiming overlapping batches never wait on each other in a circle.
        order = sorted(
            range(len(records)), key=lambda i: (records[i].key.task, records[i].key.case_key, records[i].key.step, hashes[i])
        )
        conn = self.store.connect()
        conn.execute("PRAGMA synchronous=FULL")
        ids: list[int | None] = [None] * len(records)
        try:
            with self.store.transaction() as conn:
                now = now_iso()
                for i in order:
                    r = records[i]
                    values = (
                        mask_text(r.shown) if r.shown else mask_target(r.key.target),
                        str(r.kind),
                        r.channel,
                        r.detail,
                        r.bytes,
                        hashlib.sha256(r.content.encode("utf-8")).hexdigest() if r.content else "",
                        mask_text(r.summary),
                        run_id,
                        batch_id or None,
                    )
                    key = (r.key.task, r.key.case_key, r.key.step, hashes[i])
                    row = conn.execute(
                        "INSERT INTO effects (task, case_key, step, target_hash, target_masked, kind, channel, detail, "
                        "bytes, content_sha256, summary, status, run_id, batch_id, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?) "
                        "ON CONFLICT (task, case_key, step, target_hash) DO NOTHING RETURNING id",
                        (*key, *values, now, now),
                    ).fetchone()
                    if row is None:
                        row = conn.execute(
                            "UPDATE effects SET status = 'sending', kind = ?, channel = ?, detail = ?, "
                            "bytes = ?, content_sha256 = ?, summary = ?, run_id = ?, batch_id = ?, provider_id = NULL, "
                            "code = NULL, reason = NULL, resolved_at = NULL, attempts = effects.attempts + 1, updated_at = ? "
                            "WHERE task = ? AND case_key = ? AND step = ? AND target_hash = ? "
                            f"AND effects.status IN ({placeholders}){not_live} RETURNING id",
                            (*values[1:], now, *key, *retry_states, *live),
                        ).fetchone()
                    ids[i] = int(row[0]) if row else None
        finally:
            conn.execute("PRAGMA synchronous=NORMAL")
        return ids

    def mark(self, marks: Sequence[Mark]) -> None:
        if not marks:
            return
        now = now_iso()
        with self.store.transaction() as conn:
            conn.executemany(
                "UPDATE effects SET status = ?, provider_id = ?, code = ?, reason = ?, updated_at = ? WHERE id = ?",
                [
                    (m.status, m.provider_id or None, m.code or None, mask_text(m.reason) if m.reason else None, now, m.effect_id)
                    for m in marks
                ],
            )

    def resolve_ids(self, ids: Sequence[int], *, delivered: bool, note: str = "") -> list[int]:
        """The clerk checked the other side: record in-doubt effects as done (``sent``) or as not done
        (``failed``: the next run does them again). Returns the ids actually changed: never a row
        that is not in doubt, nor one of a run that is still running (its answer may yet come)."""
        if not ids:
            return []
        status = SENT if delivered else FAILED
        reason = note or (
            "담당자가 상대 시스템에서 처리된 것을 확인함" if delivered else "담당자가 다시 하기를 허용함(다음 실행에 다시 함)"
        )
        live = sorted(self.live_runs())
        not_live = f" AND (run_id IS NULL OR run_id NOT IN ({','.join('?' for _ in live)}))" if live else ""
        wanted = ",".join("?" for _ in ids)
        now = now_iso()
        with self.store.transaction() as conn:
            rows = conn.execute(
                f"UPDATE effects SET status = ?, reason = ?, updated_at = ?, resolved_at = ? "
                f"WHERE id IN ({wanted}) AND status IN ('{SENDING}', '{UNKNOWN}'){not_live} RETURNING id",
                (status, reason, now, now, *ids, *live),
            ).fetchall()
        return sorted(int(r[0]) for r in rows)

    def resolve(self, key: EffectKey, *, delivered: bool, note: str = "") -> bool:
        """resolve_ids for one key (the welfare-sms 확인 page resolves by message)."""
        row = self.lookup([key]).get(key)
        return bool(row and self.resolve_ids([row.id], delivered=delivered, note=note))
