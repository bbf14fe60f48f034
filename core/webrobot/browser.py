"""Starting the browser: the office's installed Edge or Chrome, never a downloaded one.

Browser drivers that no longer match the browser after an update are the classic RPA breakage
(issue 16). Playwright talks to Chromium-family browsers over the DevTools protocol, so the robot
uses the Edge (``channel="msedge"``) or Chrome already on the PC, whatever its version, with a
dedicated profile in the application home (the clerk's own browser profile is never touched).

In development and CI there is no Edge: ``HAENGBOT_BROWSER`` names an executable, the package
registry's Chromium (``/usr/bin/chromium``, installed by scripts/system-deps.sh). Playwright's own
browser download is never used (``PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import RunFailed
from core.paths import app_home

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright

BROWSER_ENV = "HAENGBOT_BROWSER"  # an executable path (dev/CI: the registry's Chromium)
HEADLESS_ENV = "HAENGBOT_BROWSER_HEADLESS"  # "1": no window (a machine without a screen and without Xvfb)
CHANNELS = ("msedge", "chrome")  # the installed browsers, in order of preference
# The registry's Chromium on a closed network: without these it keeps trying Google's hosts at start
# (the machine notes: refused connections by the dozen), and as root it will not start sandboxed.
QUIET_FLAGS = (
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
)
REGISTRY_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def profile_dir(recipe_name: str) -> Path:
    """One profile per recipe in the home: a login kept by the site's cookie serves the next run."""
    return app_home() / "browser-profile" / recipe_name


def browser_executable() -> str | None:
    """``HAENGBOT_BROWSER`` if set (must exist); else None: the installed Edge/Chrome by channel."""
    value = os.environ.get(BROWSER_ENV, "").strip()
    if not value:
        return None
    found = shutil.which(value) or (value if Path(value).is_file() else None)
    if not found:
        raise RunFailed(f"환경 변수 {BROWSER_ENV}에 지정한 브라우저 '{value}'{_eul(value)} 찾을 수 없습니다.")
    return found


def _eul(word: str) -> str:
    from core.korean import particle

    return particle(word, "을/를")


def launch_args(executable: str | None) -> list[str]:
    args = list(QUIET_FLAGS)
    if executable and sys.platform != "win32" and hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start sandboxed as root (CI, containers)
    return args


def headless_wanted() -> bool:
    return os.environ.get(HEADLESS_ENV, "").strip() in ("1", "true", "yes")


def launch(pw: Playwright, recipe_name: str, *, headless: bool | None = None, timeout_s: float = 30) -> BrowserContext:
    """A persistent context in the recipe's profile: the executable from the env, or Edge, or Chrome."""
    from playwright.sync_api import Error as PlaywrightError

    executable = browser_executable()
    profile = profile_dir(recipe_name)
    profile.mkdir(parents=True, exist_ok=True)
    headless = headless_wanted() if headless is None else headless
    options = {
        "headless": headless,
        "args": launch_args(executable),
        "timeout": timeout_s * 1000,
        "accept_downloads": False,
        "locale": "ko-KR",
        "viewport": {"width": 1280, "height": 900},
    }
    tries: list[tuple[str, dict[str, str]]] = (
        [(executable, {"executable_path": executable})] if executable else [(c, {"channel": c}) for c in CHANNELS]
    )
    errors: list[str] = []
    for label, how in tries:
        try:
            return pw.chromium.launch_persistent_context(str(profile), **how, **options)  # type: ignore[arg-type]
        except PlaywrightError as exc:
            text = str(exc)
            if "ProcessSingleton" in text or ("profile" in text.lower() and "in use" in text.lower()):
                raise RunFailed(
                    f"웹 입력용 브라우저 프로필('{profile}')을 다른 실행이 쓰고 있습니다. 그 실행이 끝난 뒤 다시 하십시오."
                ) from None
            errors.append(f"{label}: {text.splitlines()[0] if text else type(exc).__name__}")
    raise RunFailed(
        "웹 입력에 쓸 브라우저(Microsoft Edge 또는 Chrome)를 열 수 없습니다. 둘 중 하나가 설치되어 있어야 합니다."
        + (f" (시도: {'; '.join(errors)})" if errors else "")
    )
