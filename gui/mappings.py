"""Column mappings the clerk chose, remembered per task, per input and per file layout.

A layout is the header row as the reader finds it before any mapping: the same export from the
same system next month has the same header, so the same fix applies. Stored as JSON under the
application home (written atomically); no Qt here.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from core.filemode import make_shareable
from core.masking import mask_text
from core.paths import app_home
from core.reader import HeaderMatch, norm_header

FILE_NAME = "column_mappings.json"
NONE = "\u0000없음"  # a mapping to "no column" (an optional column the clerk wants left out)


def layout_key(task_id: str, input_name: str, sheet: str | None, match: HeaderMatch) -> str:
    labels = [norm_header(label) for _, label in sorted(match.labels.items()) if label]
    digest = hashlib.sha1("|".join(labels).encode("utf-8")).hexdigest()[:16]
    return f"{task_id}/{input_name}/{digest}"


def _path() -> Path:
    return app_home() / FILE_NAME


def _load() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: dict(v) for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def remembered(key: str) -> dict[str, str]:
    return dict(_load().get(key, {}))


def storable(mapping: dict[str, str]) -> dict[str, str]:
    """The choices that may be written down: a 'header' that mask_text changes is a data row.

    A file without its header row offers its first data row as labels; a choice of
    '9001011234567' must not reach the disk, and masked it would never match a header again.
    """
    return {c: label for c, label in mapping.items() if all(not isinstance(t, str) or mask_text(t) == t for t in (c, label))}


def remember(key: str, mapping: dict[str, str]) -> None:
    # Every entry is filtered, so a file written before masking existed is cleaned on the next save.
    data = {k: kept for k, v in _load().items() if (kept := storable(v))}
    mapping = storable(mapping)
    if mapping:
        data[key] = mapping
    else:
        data.pop(key, None)
    path = _path()
    fd, tmp = tempfile.mkstemp(prefix=".mappings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        make_shareable(tmp)  # not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
