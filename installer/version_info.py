"""The Windows version resource (Explorer's "자세히" tab), generated from ``core.__version__``.

The spec imports this, so the numbers are declared once. PyInstaller is imported only when the
resource is built, so the fast build check can test the version arithmetic without it.
"""

from __future__ import annotations

import re
from typing import Any

COMPANY = "HaengBot contributors"
PRODUCT = "행봇 (HaengBot)"
DESCRIPTION = "행봇: 지방자치단체 업무 자동화"
COPYRIGHT = "HaengBot contributors"
EXE_NAME = "HaengBot.exe"
KOREAN_UNICODE = "041204B0"  # language 0x0412 (Korean), code page 1200 (UTF-16): the StringTable key


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a pre-release tail such as '0.2.0rc1' keeps its leading numbers."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not numbers:
        raise ValueError(f"not a version: {version!r}")
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"each part of a Windows file version must fit 16 bits: {version!r}")
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def strings(version: str) -> dict[str, str]:
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": "HaengBot",
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": EXE_NAME,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }


def version_info(version: str) -> Any:
    """A ``VSVersionInfo`` for ``EXE(version=...)``, which accepts the object as well as a file name."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = version_tuple(version)
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(
            filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)
        ),
        kids=[
            vi.StringFileInfo([vi.StringTable(KOREAN_UNICODE, [vi.StringStruct(k, v) for k, v in strings(version).items()])]),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0412, 1200])]),
        ],
    )
