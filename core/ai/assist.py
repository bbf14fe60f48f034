"""What a task uses: ``Assistant.for_run(ctx, task, names=…, addresses=…)`` then ``write(...)``.

It masks the prompt, checks the day's budget, asks, restores the placeholders in the answer and
keeps the exchange in the audit log. It never raises for an outside reason: a failure leaves that
text out and is said once, in Korean, in ``notes`` (the task puts them in its warnings, which the
workbook's 요약 and 실행정보 show). After the first failure the run stops asking: a server that is
down or a spent budget would only make every remaining row wait for the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.ai import CREDENTIAL
from core.ai.audit import FAILED, OK, AuditEntry, AuditLog, current_user, stamp
from core.ai.client import AIConfig, AIUnavailable, ChatClient, estimate_tokens
from core.ai.placeholders import Masker

if TYPE_CHECKING:
    from core.context import RunContext
    from core.credentials import CredentialStore
    from core.org import SettingsLike
    from core.store import Store


_NO_AUDIT = "실행 기록 데이터베이스를 쓸 수 없어 AI 사용을 기록할 수 없으므로 AI 글을 쓰지 않았습니다."


class Assistant:
    def __init__(
        self,
        client: ChatClient,
        audit: AuditLog | None,
        masker: Masker,
        *,
        task: str,
        run_id: str | None = None,
        who: str = "",
        today: dt.date | None = None,
    ):
        self.client = client
        self.audit = audit
        self.masker = masker
        self.task = task
        self.run_id = run_id
        self.who = who or current_user()
        self.today = today or dt.date.today()
        self.notes: list[str] = []
        self.written = 0
        self.skipped = 0
        self._stopped = ""

    @classmethod
    def for_run(cls, ctx: RunContext, task: str, *, names: Iterable[str] = (), addresses: Iterable[str] = ()) -> Assistant:
        """The run's assistant over the run's settings, key, store and HTTP session (trust store, proxy)."""
        from core.credentials import lookup
        from core.http import make_session

        config = AIConfig.from_settings(ctx.settings)
        session = make_session(ctx.settings, retries=0)
        key = lookup(ctx.credentials, CREDENTIAL)
        try:
            audit: AuditLog | None = AuditLog(ctx.store)
        except Exception:  # no store at all: no audit, so no AI (said in write)
            audit = None
        return cls(ChatClient(config, session, key), audit, Masker(names, addresses), task=task, run_id=ctx.run_id)

    def write(self, purpose: str, system: str, user: str, *, max_tokens: int = 300) -> str | None:
        """The restored answer, or ``None`` with the reason noted once."""
        if self._stopped:
            self.skipped += 1
            return None
        masked_system, masked_user = self.masker.mask(system), self.masker.mask(user)
        prompt = f"{masked_system}\n---\n{masked_user}"
        config = self.client.config
        try:
            if self.audit is None:
                raise AIUnavailable(_NO_AUDIT)
            try:
                used = self.audit.used_on(self.today)
            except Exception:  # an unwritable or locked store: no audit, so no AI
                raise AIUnavailable(_NO_AUDIT) from None
            if config.daily_budget and used + estimate_tokens(prompt) + max_tokens > config.daily_budget:
                raise AIUnavailable(
                    f"오늘 AI 사용량이 하루 한도({config.daily_budget:,}토큰, 사용 {used:,}토큰)에 닿아 더 묻지 않았습니다."
                )
            answer = self.client.chat(
                [{"role": "system", "content": masked_system}, {"role": "user", "content": masked_user}],
                max_tokens=max_tokens,
            )
        except AIUnavailable as exc:
            self._stop(exc.reason, purpose, prompt)
            return None
        except Exception as exc:  # an answer of an unexpected shape must never fail the task
            self._stop(f"AI 서버의 답을 처리하지 못했습니다({type(exc).__name__}).", purpose, prompt)
            return None
        try:
            self.audit.record(
                AuditEntry(
                    stamp(), self.who, self.task, self.run_id or "", purpose, answer.model, prompt, answer.text,
                    answer.prompt_tokens, answer.completion_tokens, answer.total_tokens, OK, "",
                )
            )  # fmt: skip
        except Exception:  # an answer that cannot be audited is not used
            self._stop(_NO_AUDIT, purpose, "")
            return None
        if not answer.text:
            self._stop("AI 서버가 빈 답을 보냈습니다.", purpose, "")
            return None
        self.written += 1
        return self.masker.restore(answer.text)

    def _stop(self, reason: str, purpose: str, prompt: str) -> None:
        self._stopped = reason
        self.skipped += 1
        self.notes.append(f"AI 글을 넣지 못했습니다: {reason}")
        if self.audit is not None and prompt:
            try:
                self.audit.record(
                    AuditEntry(
                        stamp(), self.who, self.task, self.run_id or "", purpose, self.client.config.model, prompt, "",
                        0, 0, 0, FAILED, reason,
                    )
                )  # fmt: skip
            except Exception:  # the audit is best effort for a failure that already left the text out
                pass

    def summary_note(self) -> str:
        """One line for 요약: how many texts were written, and why the rest were left out."""
        text = f"AI 글 {self.written}건 작성(검토 필요)"
        if self.skipped:
            text += f", {self.skipped}건 뺌: {self._stopped}"
        return text


def connection_test(
    settings: SettingsLike, credentials: CredentialStore | None = None, store: Store | None = None
) -> tuple[bool, str]:
    """The settings dialog's '연결 시험': one tiny question, the Korean result, recorded in the audit."""
    from core.credentials import default_store, lookup
    from core.http import make_session
    from core.store_cli import current_store

    config = AIConfig.from_settings(settings)
    key = lookup(credentials if credentials is not None else default_store(), CREDENTIAL)
    client = ChatClient(config, make_session(settings, retries=0), key)
    assistant = Assistant(client, AuditLog(store if store is not None else current_store()), Masker(), task="settings")
    text = assistant.write("연결 시험", "짧게 답하십시오.", "연결 시험입니다. '확인'이라고만 답하십시오.", max_tokens=10)
    if text is None:
        return False, assistant.notes[0].removeprefix("AI 글을 넣지 못했습니다: ") if assistant.notes else "알 수 없는 오류"
    return True, f"연결되었습니다. 모델 {config.model}의 답: {text[:40]}"
