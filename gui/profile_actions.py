"""The result page's "이 설정으로 저장" and "매일 이 시각에 자동 실행" (issue 17).

The profile takes the files, sheets and settings of the run just made, and its output folder. A
date left empty stays empty (it means "the day of the run"): a daily schedule must not freeze
today's date. A sending task asks once, here, whether scheduled runs may send; "아니오" schedules
a dry run.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QInputDialog, QWidget

from core.errors import HaengBotError, InputError
from core.korean import particle
from core.profile_cli import add_schedule
from core.profiles import InputSource, Profile, Profiles, check_name
from core.schedules import Kind, ScheduleDef
from core.spec import ParamType, TaskSpec
from gui import dialogs


def param_text(value: Any, kind: ParamType) -> str | None:
    """A param value as ``--param`` would give it, or None to leave it to its default."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == ParamType.MONTH and isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def profile_from_state(state: Any, name: str) -> Profile:
    """A profile of the wizard's choices (``gui.wizard.state.WizardState``) and its run's output folder."""
    task: TaskSpec = state.task
    inputs = {n: InputSource(path=st.path.resolve()) for n, st in state.inputs.items() if st.path is not None}
    sheets = {n: st.sheet for n, st in state.inputs.items() if st.path is not None and st.sheet}
    mappings = {n: dict(st.overrides) for n, st in state.inputs.items() if st.path is not None and st.overrides}
    for n, docs in state.documents.items():
        if len(docs.paths) > 1:
            raise InputError(
                f"'{docs.spec.title}'에 파일을 여러 개 골랐습니다. 프로필에는 파일 하나나 폴더 하나만 저장합니다. 파일들을 한 폴더에 "
                "모아 폴더를 고른 뒤 다시 저장하십시오."
            )
        if docs.paths:
            inputs[n] = InputSource(path=docs.paths[0].resolve())
    kinds = {p.name: p.type for p in task.params}
    params = {}
    for key, value in state.params.items():
        text = param_text(value, kinds.get(key, ParamType.TEXT))
        if text is not None and key in kinds:
            params[key] = text
    reply = state.reply
    out_dir = reply.output.parent.resolve() if reply is not None and reply.output is not None else None
    return Profile(check_name(name), task.id, inputs, params, sheets, out_dir, mappings=mappings)


def ask_name(parent: QWidget, default: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "이 설정으로 저장", "프로필 이름 (한글·영문·숫자·-·_, 빈칸 없이):", text=default)
    return text.strip() if ok and text.strip() else None


def ask_time(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, "매일 이 시각에 자동 실행", "매일 실행할 시각 (24시간제 HH:MM):", text="08:30")
    return text.strip() if ok and text.strip() else None


def save_profile(parent: QWidget, state: Any) -> Profile | None:
    name = ask_name(parent, state.task.id)
    if name is None:
        return None
    try:
        profile = profile_from_state(state, name)
        try:  # keep a schedule this name already has
            old = Profiles().load(name)
            profile.schedule, profile.paused, profile.send = old.schedule, old.paused, old.send
            profile.send_confirmed_at = old.send_confirmed_at
        except HaengBotError:
            pass
        Profiles().save(profile)
    except (HaengBotError, OSError) as exc:
        dialogs.warn(parent, "저장하지 못했습니다", str(exc))
        return None
    dialogs.inform(
        parent,
        "저장했습니다",
        f"프로필 '{name}'{particle(name, '을/를')} 저장했습니다. 명령줄에서 'run --profile {name}'으로, 또는 [예약]에서 실행할 수 있습니다.",
    )
    return profile


def schedule_daily(parent: QWidget, state: Any) -> Profile | None:
    profile = save_profile(parent, state)
    if profile is None:
        return None
    when = ask_time(parent)
    if when is None:
        return None
    task: TaskSpec = state.task
    try:
        defn = ScheduleDef.parse(Kind.DAILY, when)
        if task.sends_messages:
            profile.send = dialogs.ask(
                parent,
                "예약 실행의 발송",
                f"'{task.title}'{particle(task.title, '은/는')} 문자·메일을 보냅니다. 예약 실행은 묻지 않고 바로 보냅니다.\n"
                "예약 실행이 실제로 보내도록 할까요? [아니오]를 누르면 보내지 않는 시험 실행으로 예약합니다.",
            )
        sentence = add_schedule(profile, defn, task, confirm_send=profile.send)
    except (HaengBotError, OSError) as exc:
        dialogs.warn(parent, "예약하지 못했습니다", str(exc))
        return None
    dialogs.inform(parent, "자동 실행 예약", sentence.strip())
    return profile
