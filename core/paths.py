"""The application home: %LOCALAPPDATA%\\HaengBot on Windows, the platform data dir elsewhere.

``HAENGBOT_HOME`` overrides it (tests and portable installs use it).
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from core import APP_NAME

# platformdirs (about 20 ms to import) is imported where a folder is looked up: the window's first paint
# needs only resources_dir (benchmarks/startup.py).


def app_home() -> Path:
    override = os.environ.get("HAENGBOT_HOME")
    if override:
        home = Path(override)
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        home = Path(os.environ["LOCALAPPDATA"]) / APP_NAME
    else:
        import platformdirs

        if sys.platform == "win32":
            home = Path(platformdirs.user_data_dir(APP_NAME, False)) / APP_NAME
        else:
            home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A read-only or missing home must not stop `list` or the window: whatever writes there
        # (the store, the log, settings) says so in Korean when it has to.
        pass
    return home


def resources_dir() -> Path:
    """Bundled read-only data. Frozen builds put it beside the executable (PyInstaller's _MEIPASS)."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_output_dir() -> Path:
    """문서 폴더의 '행봇 결과', or ``HAENGBOT_OUTPUT_DIR`` (portable installs; tests keep out of Documents)."""
    override = os.environ.get("HAENGBOT_OUTPUT_DIR")
    if override:
        return Path(override)
    import platformdirs

    docs = Path(platformdirs.user_documents_dir())
    return docs / "행봇 결과"


def os_reason(error: BaseException) -> str:
    """The cause of a file-system failure in Korean; the English original belongs in the log only."""
    code = getattr(error, "errno", None)
    if code == errno.EROFS:
        return "읽기 전용 저장소"
    if code in (errno.EACCES, errno.EPERM):
        return "권한 없음"
    if code == errno.ENOSPC:
        return "디스크 공간 부족"
    if code == errno.ENOENT:
        return "폴더가 없음"
    return "파일을 만들거나 쓸 수 없음"
