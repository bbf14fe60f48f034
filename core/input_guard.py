"""Only regular files of a sane size reach the reader.

A FIFO or a device opened for reading blocks forever (or, like ``/dev/zero``, never ends), and a
multi-gigabyte file read whole takes the machine's memory with it. So the reader looks at
``stat`` first and reads no more than the limit, which a clerk's office may raise in settings
(``reader.max_file_mb``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from core.errors import HaengBotError, InputError, Location

DEFAULT_MAX_FILE_MB = 500


def max_file_bytes() -> int:
    """The ``reader.max_file_mb`` setting in bytes; the default when settings cannot be read."""
    try:
        from core.settings import Settings

        value = Settings().get("reader.max_file_mb")
        megabytes = int(value) if value not in (None, "") else DEFAULT_MAX_FILE_MB
    except (HaengBotError, OSError, ValueError, TypeError):
        megabytes = DEFAULT_MAX_FILE_MB
    return max(megabytes, 1) << 20


def check_regular_file(path: Path, limit: int) -> None:
    """Raise a Korean ``InputError`` unless *path* is an existing regular file of at most *limit* bytes."""
    loc = Location(str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("파일이 없습니다.", loc, "경로가 맞는지, 파일이 옮겨지지 않았는지 확인하십시오.") from None
    except OSError as exc:
        raise InputError(f"파일 정보를 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", loc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("파일이 아니라 폴더입니다.", loc)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            "일반 파일이 아닙니다(장치·파이프 같은 특수 파일은 읽지 않습니다).", loc, "엑셀 또는 CSV 파일을 선택하십시오."
        )
    if info.st_size > limit:
        raise InputError(too_big_text(info.st_size, limit), loc, too_big_hint())


def too_big_text(size: int, limit: int) -> str:
    shown = f"{size / (1 << 20):,.0f}MB" if size >= 0 else "제한 이상"
    return f"파일이 너무 큽니다({shown}). 읽을 수 있는 크기는 {limit >> 20:,}MB까지입니다."


def too_big_hint() -> str:
    return "필요한 부분만 나눠 저장하거나, 설정의 '입력 파일 최대 크기(MB)'(reader.max_file_mb)를 늘리십시오."
