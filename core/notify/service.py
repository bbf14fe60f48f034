"""One call for a task: check, plan against the ledger, and (unless dry-run) deliver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import RunFailed
from core.notify import config
from core.notify.ledger import Ledger
from core.notify.message import Prepared, normalise_sender
from core.notify.notifier import DRY_RUN, PENDING, Notifier, Outcome, plan


@dataclass
class SendReport:
    outcomes: list[Outcome]
    channel: str
    sender: str = ""
    files: list[Path] = field(default_factory=list)
    requests: int = 0


def sender_number(settings: Any, channel: str) -> str:
    raw = str(settings.get("notify.sender_number") or "").strip()
    if channel in ("upload", "email"):
        return normalise_sender(raw) if raw else ""
    if not raw:
        raise RunFailed(
            "발신번호가 설정되어 있지 않습니다. [설정] > [문자 발송] 탭에서 문자 업체에 등록한 발신번호를 입력하십시오."
        )
    try:
        return normalise_sender(raw)
    except ValueError as exc:
        raise RunFailed(str(exc)) from None


def plan_for(ctx: Any, prepared: Sequence[Prepared], *, allow_in_doubt: bool = False) -> list[Outcome]:
    return plan(Ledger(ctx.store), prepared, allow_in_doubt=allow_in_doubt)


def send(
    ctx: Any,
    prepared: Sequence[Prepared],
    *,
    channel: str | None = None,
    advertising: bool = False,
    allow_in_doubt: bool = False,
    output_dir: Path | None = None,
    prefix: str = "문자업로드",
    now: dt.datetime | None = None,
    session: Any = None,
) -> SendReport:
    settings = ctx.settings
    name = channel or config.channel_name(settings)
    ledger = Ledger(ctx.store)
    if name == "upload":  # every run, also one with nothing to send: full numbers must not linger
        from core.notify.channels.upload import remove_stale_uploads

        remove_stale_uploads(config.upload_directory(settings, output_dir))
    outcomes = plan(ledger, prepared, allow_in_doubt=allow_in_doubt)
    pending = [o for o in outcomes if o.status == PENDING]
    if ctx.dry_run or not pending:
        for o in pending:
            o.status, o.reason = DRY_RUN, "시험 실행: 보내지 않았습니다"
        return SendReport(outcomes, name, str(settings.get("notify.sender_number") or ""))
    sender = sender_number(settings, name)
    chan = config.build_channel(
        name, settings, ctx.secret, output_dir=output_dir, session=session, prefix=prefix, advertising=advertising
    )
    notifier = Notifier(
        ledger,
        chan,
        sender=sender,
        run_id=ctx.run_id,
        requests_per_second=_number(settings, "notify.requests_per_second", 5),
        max_retries=int(_number(settings, "notify.max_retries", 4)),
        backoff=_number(settings, "notify.backoff_seconds", 2),
    )
    try:
        notifier.deliver(outcomes, progress=ctx.progress, advertising=advertising, now=now, allow_in_doubt=allow_in_doubt)
    finally:
        chan.close()
    return SendReport(outcomes, name, sender, list(chan.files), notifier.requests)


def _number(settings: Any, key: str, default: float) -> float:
    value = settings.get(key)
    try:
        return float(value) if value is not None and value != "" else default
    except (TypeError, ValueError):
        return default
