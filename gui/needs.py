"""What a task needs, in a clerk's words (launcher cards and the 소개 page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

if TYPE_CHECKING:  # the launcher imports this module before the first paint: no declarations then
    from core.spec import TaskSpec


def needs(task: TaskSpec) -> list[str]:
    required = [i for i in task.inputs if i.required]
    optional = [i for i in task.inputs if not i.required]
    files = f"파일 {len(required)}개" if required else "파일 없음"
    if optional:
        files += f" (선택 {len(optional)}개)"
    out = [files]
    out.append(f"인증 키 {len(task.credentials)}개" if task.credentials else "인증 키 필요 없음")
    out.append("인터넷 필요" if task.network else "인터넷 필요 없음")
    if task.sends_messages:
        out.append("문자·알림 발송")
    return out


def needs_chips(task: TaskSpec) -> QHBoxLayout:
    """The needs as a row of chips (the card and the 소개 page show the same row)."""
    return chips_row(needs(task))


def chips_row(texts: Iterable[str], parent: QWidget | None = None) -> QHBoxLayout:
    """*texts* as a row of chips (a launcher card gives them from gui/task_manifest.py), made inside *parent*."""
    chips = QHBoxLayout()
    for text in texts:
        chip = QLabel(text, parent)
        chip.setObjectName("chip")
        chips.addWidget(chip)
    chips.addStretch(1)
    return chips


def needs_detail(task: TaskSpec) -> list[str]:
    lines = []
    for spec in task.inputs:
        mark = "필수" if spec.required else "선택"
        lines.append(f"[{mark}] {spec.title} — {spec.help}".rstrip(" —"))
    for cred in task.credentials:
        lines.append(f"[인증 키] {cred.label}" + (f" — {cred.where}" if cred.where else ""))
    if task.network:
        lines.append("[인터넷] 실행 중에 인터넷(또는 기관 중계 서버) 연결이 필요합니다.")
    return lines
