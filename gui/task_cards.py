"""What the launcher's cards show of each task, without loading the tasks' declarations before the first paint.

The ten task packages' declarations (``tasks.registry()``: core.spec, core.params, rules, outcomes) cost
about 50 ms of start-up (issue 19, ``benchmarks/startup.py``), yet a card shows only a task's id, title,
department, description, its needs in words (gui.needs) and, for the search box, its inputs' titles.
Those are kept in ``gui/task_manifest.py``, written from the declarations by

    .venv/bin/python -m gui.task_cards

and checked against them by ``tests/gui/test_gui_first_paint_light.py`` (a task whose declaration changed
fails that test until the manifest is written again). The window loads the full ``TaskSpec`` of a task when
it is first used (its wizard, the history, settings).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from core.spec import TaskSpec

MANIFEST = Path(__file__).with_name("task_manifest.py")


class CardInfo(NamedTuple):
    """One card: the fields a TaskSpec gives the launcher (``card.task.id``, ``.title`` … as before)."""

    id: str
    title: str
    department: str
    description: str
    needs: tuple[str, ...]
    input_titles: tuple[str, ...]


def card_info(task: TaskSpec | CardInfo) -> CardInfo:
    """The card of a declared task (a CardInfo is returned as it is)."""
    if isinstance(task, CardInfo):
        return task
    from gui.needs import needs

    return CardInfo(
        task.id, task.title, task.department, task.description, tuple(needs(task)), tuple(i.title for i in task.inputs)
    )


def manifest_cards() -> list[CardInfo]:
    """The registered tasks' cards from gui/task_manifest.py, in the registry's order."""
    from gui.task_manifest import CARDS

    return [CardInfo(*card) for card in CARDS]


def manifest_text(tasks: Iterable[TaskSpec]) -> str:
    rows = "".join(f"    {tuple(card_info(task))!r},\n" for task in tasks)
    return (
        '"""The launcher\'s cards, written from the task declarations by `.venv/bin/python -m gui.task_cards`:\n'
        'do not edit by hand (gui/task_cards.py says why)."""\n\n'
        "CARDS = (\n" + rows + ")\n"
    )


def write_manifest() -> Path:
    """Write gui/task_manifest.py from ``tasks.registry()``, formatted as `make lint` wants it."""
    import subprocess

    from tasks import registry

    MANIFEST.write_text(manifest_text(registry()), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(MANIFEST)], check=False)
    return MANIFEST


if __name__ == "__main__":
    print(write_manifest())
