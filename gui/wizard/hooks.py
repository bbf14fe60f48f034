"""Extra wizard pages a task asks for by name (``TaskSpec.wizard_hooks``), drawn by ``gui``.

A task declares what it needs ("confirm-send"); the page that draws it registers here. Hook pages
sit after the check page and before the run: the place for "show what will be sent, then confirm".
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.wizard.base import WizardPage

HOOKS: dict[str, type[WizardPage]] = {}
# The modules that draw hook pages, imported when a wizard first needs one (like tasks.TASK_MODULES).
HOOK_MODULES: tuple[str, ...] = ("gui.wizard.confirm_send", "gui.wizard.grant_profiles")


def register_hook(name: str, page: type[WizardPage]) -> None:
    if name in HOOKS and HOOKS[name] is not page:
        raise RuntimeError(f"wizard hook {name!r} is already registered")
    HOOKS[name] = page


def hook_page(name: str) -> type[WizardPage]:
    if name not in HOOKS:
        for module in HOOK_MODULES:
            importlib.import_module(module)
    try:
        return HOOKS[name]
    except KeyError:
        raise MissingHook(name) from None


class MissingHook(KeyError):
    """A task asks for a page this version of the window cannot draw."""

    def __str__(self) -> str:
        return f"이 작업에 필요한 화면('{self.args[0]}')이 이 버전의 행봇에 없습니다. 행봇을 새 버전으로 바꿔 주십시오."
