"""The web robot: types records into a web system through a recipe, once each, and reads each back.

    recipe = load_recipe("hygiene-training", columns=task_columns)
    with WebRobot(ctx, recipe, pace=2.0) as robot:
        outcome = robot.submit(key="2026-0001", record={"업소명": "…", …})

Designed against the ways RPA breaks (issue 16):

- **Login stays human.** The robot opens the site and asks the clerk (``ctx.ask``, a ``login``
  question) to log in; ``--yes`` answers "중단", so an unattended run stops (exit 3) instead of
  pretending. When the session expires mid-run (a declared dialog, or the login page showing), it
  asks again and continues with the record it was on.
- **Once only.** Every submission is an effect on the ledger keyed by (task, record key): claimed
  before the save click, confirmed only when the read-back finds the record with the typed values.
  A record in doubt after a crash is looked up on the site before anything is retyped.
- **Every dialog explicitly.** Expected dialogs are answered as the recipe says; any other one is
  dismissed (a confirm() then cancels the save) and fails the record with its text.
- **Never a silent skip.** A locator that finds no element or several, or a step that times out,
  is a Korean error naming the recipe step (``RecipeStepError``, exit 3), with a screenshot and the
  page's HTML saved by record. A value the form cannot take (a select without that option, a date
  that is not a date) fails only that record.

Playwright's sync API is bound to the thread that started it: the robot must be used from one
thread, which is what a task run is (the CLI's main thread, the GUI's child process).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from core.context import Question, RunContext
from core.effects import UNKNOWN, EffectKind, Mark
from core.effects_task import ALREADY_DONE, IN_DOUBT, EffectClaim
from core.errors import RunFailed
from core.korean import particle
from core.masking import mask_text
from core.paths import app_home
from core.webrobot.browser import launch
from core.webrobot.evidence import save_evidence
from core.webrobot.recipe import Field, Locator, Recipe, Step, as_text, fill_template, template_columns
from core.webrobot.values import file_names, normalise, parse_date, shown

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Dialog, FrameLocator, Page, Playwright
    from playwright.sync_api import Locator as PwLocator

ENTERED = "입력 완료"
ALREADY = "이미 입력"
FAILED = "실패"
CHECK = "확인 필요"
STATUSES = (ENTERED, ALREADY, FAILED, CHECK)

MATCHED = "일치"
NOT_FOUND = "조회 안 됨"

DEFAULT_PACE_S = 2.0  # one record every ~2 s at most: a clerk's speed, not a load test of the city's server
POLL_S = 0.1
LOGIN_SEEN_S = 3.0  # how long the start page gets to show the logged-in marker (a kept session)
LOGIN_WAIT_S = 15.0  # after the clerk says "로그인 완료"
MAX_LOGINS_PER_RECORD = 3

T = TypeVar("T")


@dataclass(frozen=True)
class SubmitOutcome:
    """What became of one record: ``status`` one of 입력 완료 / 이미 입력 / 실패 / 확인 필요; ``check``
    the read-back's result (일치, 불일치: …, 조회 안 됨, 중복 N건; empty when nothing was read);
    ``detail`` a Korean sentence, masked; ``evidence`` the screenshot and page saved on a failure."""

    status: str
    check: str = ""
    detail: str = ""
    evidence: tuple[str, ...] = ()


class RecipeStepError(RunFailed):
    """A recipe step that cannot be done on the page (no element, several, a time-out): the recipe
    no longer fits the site, so the run stops (exit 3) rather than skip records silently."""

    def __init__(self, recipe: Recipe, step: str, what: str):
        super().__init__(f"웹 입력 레시피 '{recipe.source}'의 {step}: {what}")
        self.step = step


class _RecordProblem(Exception):
    """This record's value cannot go into the form (found before anything was saved)."""


class _SessionLost(Exception):
    pass


class _UnexpectedDialog(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


@dataclass
class _Found:
    state: str  # found | missing | duplicate
    diffs: list[str] = field(default_factory=list)
    count: int = 0

    def check(self) -> str:
        if self.state == "missing":
            return NOT_FOUND
        if self.state == "duplicate":
            return f"중복 {self.count}건"
        return "불일치: " + ", ".join(self.diffs) if self.diffs else MATCHED

    @property
    def good(self) -> bool:
        return self.state == "found" and not self.diffs


def _type_keys(element: PwLocator, text: str, delay: float) -> None:
    element.fill("")
    element.press_sequentially(text, delay=delay)


class WebRobot:
    """One browser on one recipe for the length of a ``with`` block."""

    def __init__(
        self,
        ctx: RunContext,
        recipe: Recipe,
        pace: float = DEFAULT_PACE_S,
        *,
        kind: EffectKind = EffectKind.WEB_FORM,
        headless: bool | None = None,
        evidence_dir: Path | None = None,
    ):
        self.ctx = ctx
        self.recipe = recipe
        self.pace = max(0.0, float(pace))
        self.kind = kind
        self.headless = headless
        self.evidence_dir = evidence_dir or app_home() / "runs" / (ctx.run_id or "no-run") / "web"
        self.step_label = f"웹 입력: {recipe.name}" if kind == EffectKind.WEB_FORM else f"게시: {recipe.name}"
        self._pw: Playwright | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._expected: tuple[Any, ...] = ()
        self._unexpected: list[str] = []
        self._session_lost = False
        self._last_submit = 0.0
        self.logins = 0  # how many times the clerk was asked to log in (tests and 실행정보 read it)

    # ------------------------------------------------------------------ lifecycle
    @property
    def page(self) -> Page:
        if self._page is None:
            raise RuntimeError("WebRobot is used outside its with-block")
        return self._page

    def __enter__(self) -> WebRobot:
        from playwright.sync_api import sync_playwright

        self.ctx.check_cancelled()
        self._pw = sync_playwright().start()
        self.ctx.on_close(self.close, "web robot")  # a hard stop still closes the browser
        try:
            self._context = launch(self._pw, self.recipe.name, headless=self.headless, timeout_s=self.recipe.timeout_s)
            self._context.set_default_timeout(self.recipe.timeout_s * 1000)
            self._context.set_default_navigation_timeout(self.recipe.timeout_s * 1000)
            self._page = self._context.pages[0] if self._context.pages else self._context.new_page()
            self._page.on("dialog", self._on_dialog)
            self._login(again=False)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser and the driver; safe to call twice (the with-block and the run's closers)."""
        context, pw = self._context, self._pw
        self._context = self._page = None
        self._pw = None
        if context is not None:
            try:
                context.close()
            except Exception:
                self.ctx.log.warning("web robot: closing the browser failed", exc_info=True)
        if pw is not None:
            try:
                pw.stop()
            except Exception:
                self.ctx.log.warning("web robot: stopping playwright failed", exc_info=True)

    # ------------------------------------------------------------------ the public steps
    def submit(self, key: str, record: Mapping[str, Any]) -> SubmitOutcome:
        """Type *record* through the recipe once, save it and read it back (see the module docstring)."""
        self.ctx.check_cancelled()
        self._check_record(record)
        claim = self._claim(key, record)
        if claim.state == ALREADY_DONE:
            return SubmitOutcome(ALREADY, "", f"이미 입력하고 확인한 기록입니다({claim.reason}).")
        if claim.state == IN_DOUBT:
            if claim.id is None or "다른 실행" in claim.reason:
                return SubmitOutcome(CHECK, "", mask_text(claim.reason))
            resolved = self._resolve_in_doubt(claim, key, record)
            if resolved is not None:
                return resolved
            claim = self._claim(key, record)
        if not claim.claimed:
            return SubmitOutcome(CHECK, "", mask_text(claim.reason))
        self._wait_pace()
        try:
            return self._enter(claim, key, record)
        finally:
            self._last_submit = time.monotonic()

    def post(
        self,
        key: str,
        title: str,
        body: str,
        files: Sequence[Path | str],
        *,
        title_column: str = "제목",
        body_column: str = "본문",
    ) -> SubmitOutcome:
        """A board post through a board recipe (``kind=EffectKind.BOARD_POST``): the title, the body, and
        each file into the recipe's file fields in order (첨부1, 첨부2, …); read back like any record."""
        paths = [Path(p) for p in files]
        missing = [p.name for p in paths if not p.is_file()]
        if missing:
            raise RunFailed(f"게시할 첨부 파일을 찾을 수 없습니다: {', '.join(missing)}")
        slots = [f.column for f in self.recipe.fields if f.type == "file"]
        if len(paths) > len(slots):
            raise RunFailed(
                f"게시판 레시피 '{self.recipe.source}'의 첨부 칸은 {len(slots)}개인데 첨부할 파일은 {len(paths)}개입니다."
            )
        record: dict[str, Any] = {title_column: title, body_column: body}
        record.update({slot: (paths[i] if i < len(paths) else None) for i, slot in enumerate(slots)})
        return self.submit(key, record)

    # ------------------------------------------------------------------ ledger
    def _claim(self, key: str, record: Mapping[str, Any]) -> EffectClaim:
        summary = f"{self.recipe.title}: {self._summary(record)}"
        return self.ctx.effects.claim(self.kind, key, self.step_label, key, summary=summary, shown=key, channel=self.recipe.name)

    def _summary(self, record: Mapping[str, Any]) -> str:
        parts = [shown(f, record.get(f.column)) for f in self.recipe.fields[:3] if f.type != "file"]
        return " · ".join(p for p in parts if p)

    def _mark_unknown(self, claim: EffectClaim, reason: str) -> None:
        if claim.id is not None:
            claim.ledger.mark([Mark(claim.id, UNKNOWN, code="web_check", reason=mask_text(reason))])

    def _resolve_in_doubt(self, claim: EffectClaim, key: str, record: Mapping[str, Any]) -> SubmitOutcome | None:
        """A record a dead run left in doubt: read it back before anything is retyped. None: retype it."""
        assert claim.id is not None
        found = self._with_session(lambda: self._read_back(record))
        if found.good:
            claim.ledger.resolve_ids([claim.id], delivered=True, note="다시 읽어 보니 저장되어 있었음(웹 입력 로봇)")
            return SubmitOutcome(
                ALREADY, MATCHED, "이전 실행이 저장한 뒤 중단된 기록입니다. 다시 읽어 확인했고 다시 입력하지 않았습니다."
            )
        if found.state == "missing":
            claim.ledger.resolve_ids([claim.id], delivered=False, note="다시 읽어 보니 저장되지 않았음(웹 입력 로봇)")
            return None
        evidence = self._evidence(key, "다시읽기", record)
        self._mark_unknown(claim, f"이전 실행 뒤 다시 읽은 결과: {found.check()}")
        return SubmitOutcome(
            CHECK,
            found.check(),
            "이전 실행이 중단된 기록을 다시 읽었으나 입력한 값과 맞지 않습니다. 화면에서 확인하십시오.",
            evidence,
        )

    # ------------------------------------------------------------------ one record
    def _enter(self, claim: EffectClaim, key: str, record: Mapping[str, Any]) -> SubmitOutcome:
        logins = 0
        while True:
            clicked = False
            try:
                self._fill_form(record)
                clicked = True
                receipt = self._save()
                break
            except _RecordProblem as problem:
                evidence = self._evidence(key, "입력값", record)
                claim.refuse(str(problem))
                return SubmitOutcome(FAILED, "", mask_text(str(problem)), evidence)
            except _SessionLost:
                logins += 1
                if logins > MAX_LOGINS_PER_RECORD:
                    self._mark_unknown(claim, "로그인이 계속 끊김") if clicked else claim.refuse("로그인이 계속 끊김")
                    raise RunFailed("웹 시스템의 로그인이 계속 끊겨 입력을 멈췄습니다.") from None
                self._login(again=True)
                if clicked:  # the save may or may not have reached the site before the session ended
                    found = self._with_session(lambda: self._read_back(record))
                    if found.state != "missing":
                        return self._settle(claim, found, key, record, "")
            except _UnexpectedDialog as dialog:
                return self._after_unexpected(claim, key, record, dialog.text, clicked)
            except RecipeStepError as exc:
                evidence = self._evidence(key, "단계오류", record)
                if clicked:
                    self._mark_unknown(claim, str(exc))
                else:
                    claim.refuse(str(exc))
                exc.args = (f"{exc} (화면 저장: {', '.join(evidence)})" if evidence else str(exc),)
                raise
            except Exception as exc:
                if clicked:
                    self._mark_unknown(claim, f"저장 중 브라우저 오류({type(exc).__name__})")
                else:
                    claim.refuse(f"입력 중 브라우저 오류({type(exc).__name__})")
                if isinstance(exc, RunFailed):
                    raise
                raise RunFailed(
                    f"웹 입력 중 브라우저에 오류가 났습니다({type(exc).__name__}): {mask_text(str(exc))[:200]}"
                ) from exc
        found = self._with_session(lambda: self._read_back(record))
        return self._settle(claim, found, key, record, receipt)

    def _after_unexpected(
        self, claim: EffectClaim, key: str, record: Mapping[str, Any], text: str, clicked: bool
    ) -> SubmitOutcome:
        evidence = self._evidence(key, "알림창", record)
        what = f"예상하지 못한 알림창: '{mask_text(text)}'"
        found = self._with_session(lambda: self._read_back(record)) if clicked else _Found("missing")
        if found.state == "missing":
            claim.refuse(what)
            return SubmitOutcome(FAILED, found.check() if clicked else "", what, evidence)
        if found.good:
            claim.confirm("")
            return SubmitOutcome(ENTERED, MATCHED, what + " (그래도 저장되어 있음을 다시 읽어 확인함)", evidence)
        self._mark_unknown(claim, f"{what}; 다시 읽은 결과 {found.check()}")
        return SubmitOutcome(CHECK, found.check(), what, evidence)

    def _settle(self, claim: EffectClaim, found: _Found, key: str, record: Mapping[str, Any], receipt: str) -> SubmitOutcome:
        if found.good:
            claim.confirm(mask_text(receipt)[:200])
            return SubmitOutcome(ENTERED, MATCHED, mask_text(receipt)[:200])
        evidence = self._evidence(key, "다시읽기", record)
        if found.state == "missing":
            detail = "저장했다는 표시는 나왔으나 조회 화면에서 찾지 못했습니다. 웹 시스템에서 확인하십시오."
        elif found.state == "duplicate":
            detail = f"조회 화면에 같은 기록이 {found.count}건 있습니다. 웹 시스템에서 확인하십시오."
        else:
            detail = "저장된 값이 입력한 값과 다릅니다. 웹 시스템에서 고치십시오."
        self._mark_unknown(claim, f"{found.check()}: {detail}")
        return SubmitOutcome(CHECK, found.check(), detail, evidence)

    def _check_record(self, record: Mapping[str, Any]) -> None:
        used = [f.column for f in self.recipe.fields if not f.optional]
        for step in (*self.recipe.steps, *self.recipe.readback.steps):
            used += template_columns(step.value)
        used += [*self.recipe.readback.match]
        missing = sorted({c for c in used if c not in record})
        if missing:
            raise RunFailed(f"웹 입력 레시피 '{self.recipe.source}'에 필요한 값이 기록에 없습니다: {', '.join(missing)}")

    def _wait_pace(self) -> None:
        if not self.pace or not self._last_submit:
            return
        until = self._last_submit + self.pace
        while (left := until - time.monotonic()) > 0:
            self.ctx.check_cancelled()
            time.sleep(min(POLL_S, left))

    # ------------------------------------------------------------------ login and the session
    def _login(self, *, again: bool) -> None:
        self._session_lost = False
        self._expected = ()
        self._goto(self.recipe.url(self.recipe.start), "[site] 시작 화면")
        if self._logged_in(LOGIN_SEEN_S):
            return
        site = self.recipe.title
        text = (
            f"'{site}' 웹 시스템의 접속이 끊겼습니다(세션 만료). 열린 브라우저 창에서 다시 로그인한 뒤 [로그인 완료]를 누르십시오. 하던 기록부터 이어서 입력합니다."
            if again
            else f"열린 브라우저 창에서 '{site}'에 로그인하십시오(공동인증서·GPKI·간편인증). 로그인을 마친 뒤 [로그인 완료]를 누르십시오."
        )
        for _ in range(5):
            self.logins += 1
            question = Question(
                id=f"web-login:{self.recipe.name}",
                text=text,
                choices=(("done", "로그인 완료"), ("stop", "중단")),
                default="stop",  # --yes answers this: a login is never pretended
                kind="login",
            )
            if self.ctx.ask(question) != "done":
                raise RunFailed(
                    f"'{site}'에 로그인하지 않아 웹 입력을 멈췄습니다. 로그인은 담당자가 직접 해야 하므로 --yes나 예약 실행으로는 답할 수 없습니다."
                )
            if self._logged_in(LOGIN_WAIT_S):
                self._session_lost = False
                return
            text = (
                f"아직 '{site}'에 로그인한 화면이 보이지 않습니다. 브라우저 창에서 로그인을 마친 뒤 [로그인 완료]를 누르십시오."
            )
        raise RunFailed(f"'{site}'에 로그인한 화면을 확인하지 못해 웹 입력을 멈췄습니다.")

    def _logged_in(self, wait_s: float) -> bool:
        marker = self._find(self.recipe.logged_in_frames, self.recipe.logged_in)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                if marker.count() >= 1:
                    return True
            except Exception:  # a frame mid-navigation
                pass
            if time.monotonic() >= deadline:
                return False
            self.page.wait_for_timeout(POLL_S * 1000)

    def _login_page_showing(self) -> bool:
        if self._session_lost:
            return True
        if self.recipe.login_page is None:
            return False
        try:
            return self._find((), self.recipe.login_page).count() >= 1 and not self._logged_in(0)
        except Exception:
            return False

    def _with_session(self, fn: Callable[[], T]) -> T:
        """Run a read-only sequence (a read-back); when the session ends in the middle, log in again and retry."""
        for _ in range(MAX_LOGINS_PER_RECORD):
            try:
                return fn()
            except _SessionLost:
                self._login(again=True)
            except RecipeStepError:
                if not self._login_page_showing():
                    raise
                self._login(again=True)
        return fn()

    # ------------------------------------------------------------------ dialogs
    def _on_dialog(self, dialog: Dialog) -> None:
        """Every dialog answered explicitly: the session's, the expected ones, and any other dismissed."""
        kind, message = dialog.type, dialog.message
        try:
            for rule in self.recipe.session_dialogs:
                if rule.matches(kind, message):
                    self._session_lost = True
                    dialog.accept()
                    return
            for rule in (*self._expected, *self.recipe.ignore_dialogs):
                if rule.matches(kind, message):
                    dialog.accept() if rule.answer == "accept" else dialog.dismiss()
                    return
            self._unexpected.append(message)
            self.ctx.log.warning("web robot: unexpected %s dialog dismissed", kind)
            dialog.dismiss()
        except Exception:  # the page went away with its dialog
            self.ctx.log.debug("web robot: dialog already gone", exc_info=True)

    def _interrupted(self) -> None:
        if self._session_lost:
            raise _SessionLost()
        if self._unexpected:
            raise _UnexpectedDialog(self._unexpected[0])

    # ------------------------------------------------------------------ finding and doing
    def _scope(self, frames: tuple[str, ...]) -> Page | FrameLocator:
        scope: Page | FrameLocator = self.page
        for selector in frames:
            scope = scope.frame_locator(selector)
        return scope

    def _find(self, frames: tuple[str, ...], locator: Locator) -> PwLocator:
        scope = self._scope(frames)
        if locator.kind == "label":
            return scope.get_by_label(locator.value, exact=locator.exact)
        if locator.kind == "role":
            return scope.get_by_role(locator.value, name=locator.name or None, exact=locator.exact)  # type: ignore[arg-type]
        if locator.kind == "text":
            return scope.get_by_text(locator.value, exact=locator.exact)
        if locator.kind == "placeholder":
            return scope.get_by_placeholder(locator.value, exact=locator.exact)
        return scope.locator(locator.value)

    def _one(self, step: str, frames: tuple[str, ...], locator: Locator) -> PwLocator:
        """Exactly one element, waited for up to the recipe's time-out; none or several is an error."""
        found = self._find(frames, locator)
        deadline = time.monotonic() + self.recipe.timeout_s
        count = 0
        while True:
            self._interrupted()
            try:
                count = found.count()
            except Exception:  # the frame is being replaced: look again
                count = 0
            if count == 1:
                return found
            if count > 1:
                raise RecipeStepError(
                    self.recipe,
                    step,
                    f"{locator.describe()}에 맞는 요소가 {count}개입니다. 하나만 맞도록 위치 지정을 고치십시오.",
                )
            if time.monotonic() >= deadline:
                where = f" (프레임 {' > '.join(frames)})" if frames else ""
                raise RecipeStepError(
                    self.recipe,
                    step,
                    f"{self.recipe.timeout_s:g}초 동안 {locator.describe()}{where}에 맞는 요소를 찾지 못했습니다(0개).",
                )
            self.page.wait_for_timeout(POLL_S * 1000)

    def _goto(self, url: str, step: str) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            self.page.goto(url, wait_until="load")
        except PlaywrightError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RecipeStepError(
                self.recipe, step, f"'{url}'{particle(url, '을/를')} 열지 못했습니다({mask_text(first)})."
            ) from None

    def _act(self, step: str, fn: Callable[[], object]) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            fn()
        except PlaywrightError as exc:
            self._interrupted()
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RecipeStepError(self.recipe, step, f"동작을 마치지 못했습니다({mask_text(first)}).") from None

    def _run_step(self, step: Step, record: Mapping[str, Any]) -> None:
        label = f"단계 '{step.name}'"
        if step.action == "goto":
            self._goto(self.recipe.url(fill_template(step.url, record)), label)
            self._interrupted()
            return
        assert step.locator is not None
        element = self._one(label, step.frames, step.locator)
        if step.action == "click":
            self._act(label, lambda: element.click())
        elif step.action == "fill":
            value = fill_template(step.value, record)
            self._act(label, lambda: element.fill(value))

    def _fill_form(self, record: Mapping[str, Any]) -> None:
        self._unexpected.clear()
        self._expected = ()
        for step in self.recipe.steps:
            self._run_step(step, record)
        for f in self.recipe.fields:
            self._fill_field(f, record.get(f.column))

    def _fill_field(self, f: Field, value: Any) -> None:
        label = f"입력 칸 '{f.name}'"
        empty = not file_names(value) if f.type == "file" else not as_text(value)
        if empty:
            if f.optional:
                return
            raise _RecordProblem(f"'{f.column}' 값이 비어 있어 입력할 수 없습니다.")
        element = self._one(label, f.frames, f.locator)
        delay = 30 if self.pace else 0  # a clerk's typing speed unless the pace is 0 (tests)
        if f.type == "date":
            day = parse_date(value)
            if day is None:
                raise _RecordProblem(f"'{f.column}' 값 '{as_text(value)}'{particle(as_text(value), '은/는')} 날짜가 아닙니다.")
            text = day.strftime(f.date_format)
            # Typed key by key: date masks listen to keystrokes and reject a value set at once.
            self._act(label, lambda: _type_keys(element, text, delay))
        elif f.type == "keys":
            text = as_text(value)
            self._act(label, lambda: _type_keys(element, text, delay))
        elif f.type == "select":
            text = as_text(value)
            options: list[str] = element.evaluate("s => Array.from(s.options || []).map(o => o.text.trim())")
            if text not in options:
                raise _RecordProblem(f"'{f.name}' 선택 목록에 '{text}'{particle(text, '이/가')} 없습니다.")
            self._act(label, lambda: element.select_option(label=text))
        elif f.type == "file":
            paths = [Path(p) for p in (value if isinstance(value, list | tuple) else [value])]
            gone = [p.name for p in paths if not p.is_file()]
            if gone:
                raise _RecordProblem(f"첨부 파일이 없습니다: {', '.join(gone)}")
            self._act(label, lambda: element.set_input_files([str(p) for p in paths]))
        elif f.type == "check":
            on = normalise(f, value) == "1"
            self._act(label, lambda: element.set_checked(on))
        else:
            text = as_text(value)
            self._act(label, lambda: element.fill(text))
        self._interrupted()

    def _save(self) -> str:
        """Click save, answer the expected dialogs, and wait for the success marker; returns its text."""
        submit = self.recipe.submit
        label = f"단계 '{submit.name}'"
        assert submit.locator is not None
        button = self._one(label, submit.frames, submit.locator)
        self._expected = self.recipe.dialogs
        self._act(label, lambda: button.click())
        marker = self._find(self.recipe.success_frames, self.recipe.success)
        deadline = time.monotonic() + self.recipe.timeout_s
        while True:
            self._interrupted()
            try:
                if marker.count() >= 1:
                    text = marker.first.inner_text(timeout=self.recipe.timeout_s * 1000)
                    self._expected = ()
                    return re.sub(r"\s+", " ", text).strip()
            except Exception:  # the frame is loading the answer
                pass
            if time.monotonic() >= deadline:
                raise RecipeStepError(
                    self.recipe,
                    "[form.success] 저장 확인",
                    f"저장을 누른 뒤 {self.recipe.timeout_s:g}초 동안 성공 표시({self.recipe.success.describe()})가 나오지 않았습니다.",
                )
            self.page.wait_for_timeout(POLL_S * 1000)

    # ------------------------------------------------------------------ read-back
    def _read_back(self, record: Mapping[str, Any]) -> _Found:
        rb = self.recipe.readback
        self._unexpected.clear()
        self._expected = ()
        for step in rb.steps:
            self._run_step(step, record)
        table = self._find(rb.frames, rb.table)
        empty = self._find(rb.frames, rb.empty) if rb.empty else None
        deadline = time.monotonic() + self.recipe.timeout_s
        while True:
            self._interrupted()
            try:
                tables = table.count()
                nothing = empty.count() if empty is not None else 0
            except Exception:
                tables = nothing = 0
            if tables > 1:
                raise RecipeStepError(self.recipe, "[readback] 결과 표", f"{rb.table.describe()}에 맞는 표가 {tables}개입니다.")
            if tables == 1:
                break
            if nothing:
                return _Found("missing")
            if time.monotonic() >= deadline:
                raise RecipeStepError(
                    self.recipe,
                    "[readback] 결과 표",
                    f"{self.recipe.timeout_s:g}초 동안 조회 결과 표도 '결과 없음' 표시도 나오지 않았습니다.",
                )
            self.page.wait_for_timeout(POLL_S * 1000)
        rows: list[list[str]] = table.evaluate(
            "t => Array.from(t.rows).map(r => Array.from(r.cells).map(c => (c.innerText || '').trim()))"
        )
        if not rows:
            return _Found("missing")
        header = [re.sub(r"\s+", " ", h) for h in rows[0]]
        index: dict[str, int] = {}
        for column in (*rb.match, *rb.compare):
            title = rb.header(column)
            if title not in header:
                raise RecipeStepError(
                    self.recipe, "[readback] 결과 표", f"제목이 '{title}'인 열이 없습니다(있는 열: {', '.join(header)})."
                )
            index[column] = header.index(title)
        hits = [
            row
            for row in rows[1:]
            if len(row) == len(header) and all(self._same(c, record.get(c), row[index[c]]) for c in rb.match)
        ]
        if not hits:
            return _Found("missing")
        if len(hits) > 1:
            return _Found("duplicate", count=len(hits))
        row = hits[0]
        diffs = []
        for c in rb.compare:
            f = self.recipe.field_for(c)
            if not self._same(c, record.get(c), row[index[c]]):
                diffs.append(f"{c}(입력 '{shown(f, record.get(c))}' · 조회 '{shown(f, row[index[c]])}')")
        return _Found("found", diffs, 1)

    def _same(self, column: str, typed: Any, cell: str) -> bool:
        """The typed value and the table's cell are the same once normalised; attachments: every file
        typed is listed in the cell (a board lists all of a post's files in one column)."""
        f = self.recipe.field_for(column)
        if f is not None and f.type == "file":
            return set(file_names(typed)) <= set(file_names(cell))
        return normalise(f, typed) == normalise(f, cell)

    # ------------------------------------------------------------------ evidence
    def _evidence(self, key: str, what: str, record: Mapping[str, Any]) -> tuple[str, ...]:
        if self._page is None:
            return ()
        personal = [as_text(record.get(c)) for c in self.recipe.personal_columns if as_text(record.get(c))]
        saved = save_evidence(self.page, self.evidence_dir, f"{key}-{what}", personal, log=self.ctx.log)
        return tuple(str(p) for p in saved)
