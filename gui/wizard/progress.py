"""One progress bar for the whole run: reading, computing and writing each own a share of it.

A run reports progress per step: "file 1 of 2", then rows 0…50,000 of that file, then the task's own
steps, then sheets. Shown as they come, the bar ran to 50% and fell back to 0 at every new step, which
looks like the run started over. This maps every report onto one scale that only moves forward.
No Qt here: the run page feeds it and draws the number.
"""

from __future__ import annotations

from dataclasses import dataclass

SCALE = 1000  # the bar's range: tenths of a percent
# (stage, start, end) on SCALE. Reading and writing big workbooks take most of a typical run.
STAGES = {"read": (0, 350), "compute": (350, 850), "write": (850, 1000)}
ORDER = ("read", "compute", "write")


def stage_of(message: str) -> str:
    """The runner's and the reader's step texts say which stage they belong to; a task's own steps are computing."""
    if message == "완료":
        return "done"
    if "파일 읽는 중" in message or "행 읽는 중" in message or "파일 푸는 중" in message:
        return "read"
    if "파일 쓰는 중" in message or "시트 쓰는 중" in message:
        return "write"
    return "compute"


@dataclass
class OverallProgress:
    value: int = 0
    stage: str = "read"
    files: int = 1  # input files being read, and which one is being read now
    file: int = 0

    def update(self, done: int, total: int, message: str) -> int:
        """The bar's value (0…SCALE) after this report: never less than before."""
        stage = stage_of(message)
        if stage == "done":
            self.value = SCALE
            return self.value
        if ORDER.index(stage) < ORDER.index(self.stage):
            stage = self.stage  # a task's step text that sounds like reading: still computing
        self.stage = stage
        start, end = STAGES[stage]
        fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
        if stage == "read":
            if "파일 읽는 중" in message and total > 0:  # the runner: file `done` of `total` starts now
                self.files, self.file = total, done
                fraction = 0.0
            span = (end - start) / max(self.files, 1)
            target = start + span * (self.file + fraction)
        else:
            target = start + (end - start) * fraction
        self.value = max(self.value, min(int(target), SCALE))
        return self.value
