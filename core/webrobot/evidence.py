"""What the robot keeps when a record fails: a screenshot and the page's HTML, named by record.

Personal data is masked before either is written. The recipe marks the personal fields
(``personal = true``); their values are replaced by their masked forms in every frame of the live
page (text, input values) before the screenshot, and the HTML of every frame is then passed
through ``mask_text`` as well (주민등록번호, mobile numbers). What cannot be masked this way is
listed in the README: personal data the recipe does not mark and that has no number pattern, text
drawn into images or canvas, and a value the site rewrites (spaces inside a name).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.masking import mask_name, mask_text

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Replaces each [value, masked] pair in text nodes, input values and value attributes of one frame;
# a typed value is also copied into its attribute so that the saved HTML shows what was typed (masked).
_MASK_JS = """
pairs => {
  const swap = s => pairs.reduce((acc, [v, m]) => acc.split(v).join(m), s);
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { n.nodeValue = swap(n.nodeValue); }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (el.type === 'file' || el.type === 'password') continue;
    el.value = swap(el.value);
    el.setAttribute('value', el.value);
  }
  return true;
}
"""


def _safe_name(stem: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", mask_text(stem)).strip("._")[:120] or "record"


def save_evidence(page: Page, folder: Path, stem: str, personal: Sequence[str], *, log: logging.Logger) -> list[Path]:
    """Screenshot (PNG) and HTML of every frame, masked; returns the files written (none if the page is gone)."""
    pairs = [[value, mask_name(value) if len(value) <= 6 else value[:2] + "*" * (len(value) - 2)] for value in personal]
    pairs = [p for p in pairs if p[0] and p[0] != p[1]]
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = _safe_name(stem)
        if pairs:
            for frame in page.frames:
                try:
                    frame.evaluate(_MASK_JS, pairs)
                except Exception:  # a frame from another origin or one being replaced
                    log.debug("evidence: could not mask a frame", exc_info=True)
        png = folder / f"{name}.png"
        page.screenshot(path=str(png), full_page=True)
        written.append(png)
        parts = []
        for i, frame in enumerate(page.frames):
            try:
                parts.append(f"<!-- 프레임 {i}: {mask_text(frame.url)} -->\n{frame.content()}")
            except Exception:
                parts.append(f"<!-- 프레임 {i}: 읽을 수 없음 -->")
        html_text = "\n".join(parts)
        for value, masked in pairs:
            html_text = html_text.replace(value, masked)
        html = folder / f"{name}.html"
        html.write_text(mask_text(html_text), encoding="utf-8")
        written.append(html)
    except Exception:
        log.warning("evidence: could not save the failed page", exc_info=True)
    return written
