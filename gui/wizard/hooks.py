"""Extra wizard pages a task asks for by name (``TaskSpec.wizard_hooks``), drawn by ``gui``.

A task declares what it needs ("confirm-send"); the page that draws it registers here. Hook pages
sit after the check page and before the run: the place for "show what will be sent, then confirm".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.wizard.base import WizardPage

HOOKS: dict[str, type[WizardPage]] = {}


def register_hook(name: str, page: type[WizardPage]) -> None:
    if name in HOOKS and HOOKS[name] is not page:
        raise RuntimeError(f"wizard hook {name!r} is already registered")
    HOOKS[name] = page


def hook_page(name: str) -> type[WizardPage]:
    try:
        return HOOKS[name]
    except KeyError:
        raise KeyError(f"no wizard page is registered for hook {name!r}") from None
