"""A registry of task specs. ``core`` knows no task: ``tasks`` fills this, ``main.py`` hands it over."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.errors import InputError
from core.spec import TaskSpec


class Registry:
    def __init__(self, specs: Iterable[TaskSpec] = ()):
        self._tasks: dict[str, TaskSpec] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: TaskSpec) -> None:
        if spec.id in self._tasks:
            raise RuntimeError(f"duplicate task id {spec.id}")
        self._tasks[spec.id] = spec

    def get(self, task_id: str) -> TaskSpec:
        if task_id not in self._tasks:
            listed = ", ".join(self._tasks) or "(없음)"
            raise InputError(f"'{task_id}'라는 작업이 없습니다. 있는 작업: {listed}")
        return self._tasks[task_id]

    def __iter__(self) -> Iterator[TaskSpec]:
        return iter(self._tasks.values())

    def __len__(self) -> int:
        return len(self._tasks)

    def ids(self) -> list[str]:
        return list(self._tasks)
