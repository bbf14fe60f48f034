"""The one check every editable message-template file gets: braces that pair, and only known ``{variables}``.

welfare-sms's 문구 파일 and the deadline tasks' notices.toml are edited by clerks; a typo in a variable
would otherwise surface as a KeyError in the middle of sending. Checked when the file is loaded.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from pathlib import Path

from core.errors import InputError
from core.korean import particle


def check_fields(text: str, where: str, path: Path, variables: Sequence[str]) -> None:
    """Raise a Korean ``InputError`` naming the file and *where* for unpaired braces or an unknown variable."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise InputError(f"문구 파일 {path.name}의 {where}에서 중괄호가 맞지 않습니다: {exc}") from None
    for name in names:
        if name not in variables:
            raise InputError(
                f"문구 파일 {path.name}의 {where}에 모르는 변수 {{{name}}}{particle(name, '이/가')} 있습니다.",
                hint="쓸 수 있는 변수: " + ", ".join(f"{{{v}}}" for v in variables),
            )
