"""Errors a clerk can read: every one names the file, and where it applies the sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.masking import mask_text


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where a value sits, as the clerk sees it in Excel (rows 1-based)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_index: int | None = None

    def describe(self) -> str:
        parts = [f"파일 '{Path(self.file).name}'"]
        if self.sheet:
            parts.append(f"시트 '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{self.row}행")
        if self.column:
            col = f"'{self.column}' 열"
            if self.column_index is not None:
                col += f"({column_letter(self.column_index)}열)"
            parts.append(col)
        return ", ".join(parts)


class HaengBotError(Exception):
    """Base class. ``str(err)`` is always a Korean sentence fit for a clerk, with personal numbers masked.

    The text is masked when the error is made (its ``args`` too, so a traceback in the log is clean)
    and again when it is shown, for subclasses that set ``args`` themselves: an RRN that sat in the
    wrong column reaches stderr, the GUI and the database as ``850315-1******``.
    """

    exit_code = 3

    def __init__(self, *args: object):
        super().__init__(*(mask_text(a) if isinstance(a, str) else a for a in args))

    def __str__(self) -> str:
        return mask_text(super().__str__())


class InputError(HaengBotError):
    """Bad input or bad arguments: the run stops before anything is written (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        self.message = mask_text(message)
        self.location = location
        self.hint = mask_text(hint) if hint else hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"{self.location.describe()}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return mask_text(text)


class RunFailed(HaengBotError):
    """The run failed for an outside reason: network, provider, permission (exit code 3)."""

    exit_code = 3


class Cancelled(HaengBotError):
    """The clerk (or a signal) asked the run to stop (exit code 130)."""

    exit_code = 130

    def __init__(self, message: str = "작업이 취소되었습니다."):
        super().__init__(message)
