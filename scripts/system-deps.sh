#!/usr/bin/env bash
# Debian/Ubuntu libraries Qt needs (qt-anchors-and-ecosystem.md 4.1) and a Korean font.
# `test`: what offscreen tests need (and PostgreSQL for the department-mode tests). `app`: plus the xcb libraries for a real window.
# `screenshots`: `app` plus Xvfb, for scripts/screenshots.py. Every mode: cron.
# `test` and `browser` also bring the web robot's browser: the registry's Chromium (never a Playwright
# download: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), and Xvfb, the screen its headed tests run on.
# Installs only what is missing, and only where apt-get can run; otherwise says what to install.
set -u
mode=${1:-test}
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian-like (Windows, macOS, others): nothing to do
pkgs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libx11-6 libdbus-1-3 fonts-nanum"
if [ "$mode" = test ]; then
  pkgs="$pkgs poppler-utils"   # pdffonts, pdftotext, pdftoppm: the PDF tests read back what core/pdf.py wrote
  # Department mode (issue 18): the tests initdb a throwaway cluster on 127.0.0.1 (tests/support/pg_server.py)
  # and stop it afterwards; the package's own system cluster is not used.
  pkgs="$pkgs postgresql"
  # soffice --headless --convert-to pdf: every workbook path must open in LibreOffice Calc (tests/e2e/test_xlsx_libreoffice.py)
  pkgs="$pkgs libreoffice-calc-nogui"
fi
if [ "$mode" = app ] || [ "$mode" = screenshots ]; then
  pkgs="$pkgs libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1"
fi
if [ "$mode" = screenshots ]; then
  pkgs="$pkgs xvfb xauth"
fi
pkgs="$pkgs cron"   # crontab: the schedule fallback where systemd is not running (core/schedules.py), and its tests
if [ "$mode" = test ] || [ "$mode" = browser ]; then
  pkgs="$pkgs chromium xvfb xauth"   # core/webrobot tests: HAENGBOT_BROWSER=/usr/bin/chromium under Xvfb
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "다음 시스템 패키지가 필요합니다 (관리자에게 요청하십시오):$missing" >&2
fi
exit 0
