"""core.xlsx_guard._inflate hands zlib the compressed member in slices (a whole-member unconsumed_tail made the
check quadratic on million-row sheets): the bytes must come out whole and the bomb cap must still hold."""

from __future__ import annotations

import io
import os
import zipfile

from core import xlsx_guard


def _member(payload: bytes) -> tuple[bytes, zipfile.ZipInfo]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", payload)
    data = buf.getvalue()
    return data, zipfile.ZipFile(io.BytesIO(data)).infolist()[0]


def test_a_member_many_slices_long_comes_out_whole() -> None:
    # Incompressible bytes, so the compressed member spans several input slices (and several output chunks).
    payload = os.urandom(3 * xlsx_guard._IN_CHUNK + 12_345) + b"<row/>" * 400_000
    data, info = _member(payload)
    assert info.compress_size > 3 * xlsx_guard._IN_CHUNK
    size, xml = xlsx_guard._inflate(data, info, True, len(payload) + 1)
    assert (size, xml) == (len(payload), payload)
    assert xlsx_guard._inflate(data, info, False, len(payload) + 1) == (len(payload), b"")


def test_the_budget_still_stops_a_bomb_early() -> None:
    payload = b"\0" * (40 << 20)  # 40 MiB of zeros: a few tens of KiB compressed
    data, info = _member(payload)
    size, xml = xlsx_guard._inflate(data, info, True, 5 << 20)
    assert xml == b"" and (5 << 20) < size <= (5 << 20) + xlsx_guard._CHUNK
