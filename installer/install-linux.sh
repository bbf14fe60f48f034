#!/usr/bin/env sh
# Install the unpacked 행봇 bundle for the current user: no root, nothing outside $HOME.
#   ./install-linux.sh            # menu entry + icon pointing at ./HaengBot/
#   ./install-linux.sh --remove   # take the menu entry and icon away again (the folder and data stay)
# User data lives in ~/.local/share/HaengBot (or $HAENGBOT_HOME) and is never touched here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/haengbot.desktop"
  for size in 16 24 32 48 64 128 256; do rm -f "$icons/${size}x${size}/apps/haengbot.png"; done
  echo "행봇 메뉴 항목을 지웠습니다. 프로그램 폴더와 데이터는 그대로 있습니다."
  exit 0
fi
test -x "$here/HaengBot/HaengBot" || { echo "HaengBot/HaengBot을 찾지 못했습니다: $here" >&2; exit 1; }
mkdir -p "$apps"
for size in 16 24 32 48 64 128 256; do
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$here/icons/haengbot-$size.png" "$icons/${size}x${size}/apps/haengbot.png"
done
sed "s|@BUNDLE@|$here/HaengBot|g" "$here/haengbot.desktop" > "$apps/haengbot.desktop"
chmod 644 "$apps/haengbot.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "행봇을 메뉴에 추가했습니다: $apps/haengbot.desktop"
