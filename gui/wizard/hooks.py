"""Extra wizard pages by kind: a task declares the kinds it needs (``TaskSpec.pages``), and this table,
the GUI's own, says which page draws each kind.

Pages used to register themselves when their module was imported, and the wizard imported a list of
modules to fill the table: two places to edit per page, and a page missing until someone imported it.
Now the table is the list. Extra pages sit after the check page and before the run: the place for
"show what will be sent, then confirm".
"""

from __future__ import annotations

from gui.wizard.base import WizardPage
from gui.wizard.confirm_send import ConfirmSendPage
from gui.wizard.grant_profiles import ProfilesPage

PAGE_KINDS: dict[str, type[WizardPage]] = {
    "confirm-send": ConfirmSendPage,  # what would go out, then the clerk confirms (needs TaskSpec.preview)
    "edit-profiles": ProfilesPage,  # grant_profiles.toml, edited in the window
}


def page_for(kind: str) -> type[WizardPage]:
    """The page class that draws *kind*; ``MissingHook`` (a Korean message) when this window has none."""
    try:
        return PAGE_KINDS[kind]
    except KeyError:
        raise MissingHook(kind) from None


class MissingHook(KeyError):
    """A task asks for a page this version of the window cannot draw."""

    def __str__(self) -> str:
        return f"이 작업에 필요한 화면('{self.args[0]}')이 이 버전의 행봇에 없습니다. 행봇을 새 버전으로 바꿔 주십시오."
