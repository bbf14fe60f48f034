"""One declared option: a task's param (asked each run) and a setting (kept in settings.toml) alike.

Before, a param was ``core.spec.Param`` and a setting ``core.settings.SettingSpec``: two records with
two type vocabularies ("integer" against "int"), two parsers and two widget factories, so an option
moved from one to the other had to be rewritten. Both are now this record; ``core.params`` parses a
value given for it, ``core.settings`` stores it, and ``gui.forms`` draws it. Light on purpose: task
declarations import it when tasks are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class OptionType(StrEnum):
    DATE = "date"
    MONTH = "month"
    CHOICE = "choice"
    NUMBER = "number"
    INTEGER = "integer"
    BOOL = "bool"
    TEXT = "text"
    DATES = "dates"  # a list of dates, comma separated on the CLI
    SECRET = "secret"  # a reference to a credential id, never the value
    PATH = "path"  # a folder; the GUI adds 찾아보기…
    URL = "url"  # every base URL is a setting (a closed network points it at a relay)
    SIDO = "sido"  # 시·도 of the 기관, checked against core.org's list
    SIGUNGU = "sigungu"  # 시·군·구 of the 기관, drawn with SIDO as one picker


# Types whose empty text means "not given" (the declared default, or None) in every form.
TEXT_TYPES = frozenset({OptionType.TEXT, OptionType.DATES, OptionType.SECRET, OptionType.PATH, OptionType.URL})


@dataclass(frozen=True)
class Option:
    """One option, declared once; the CLI, the wizard's 설정 page and the 설정 dialog read it.

    ``name`` is a param's name (``base_date``) or a setting's dotted key (``grants.botame_url``).
    """

    name: str
    label: str
    type: OptionType = OptionType.TEXT
    default: Any = None
    help: str = ""
    choices: Sequence[tuple[str, str]] = ()  # (value, Korean label)
    minimum: float | None = None
    maximum: float | None = None
    # Where the default comes from, e.g. "지방공무원 수당 등에 관한 규정 제15조④".
    basis: str = ""

    @property
    def key(self) -> str:
        """A setting's dotted key (the same field as ``name``; settings code reads better with it)."""
        return self.name

    @property
    def section(self) -> str:
        """``grants`` for ``grants.botame_url``: the table of settings.toml the value lives in."""
        return self.name.partition(".")[0]


def setting(
    key: str,
    label: str,
    default: Any,
    help: str = "",
    type: OptionType = OptionType.TEXT,
    choices: Sequence[tuple[str, str]] = (),
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> Option:
    """A setting reads best with its default next to its label: ``setting(key, label, default, help, type)``.

    Whole-number settings are counts, sizes and seconds: never below zero unless declared otherwise.
    """
    if type == OptionType.INTEGER and minimum is None:
        minimum = 0
    return Option(key, label, type, default, help, tuple(choices), minimum, maximum)
