#!/usr/bin/env bash
# Build the Linux one-dir bundle and its .tar.gz, then prove the frozen program whole (`make bundle`).
#   installer/build-linux.sh PYTHON      # PYTHON: the interpreter of a clean build venv (make bundle makes one)
# Output: dist/HaengBot/ and dist/haengbot-<version>-linux-<arch>.tar.gz holding HaengBot/, haengbot.desktop,
# icons/, install-linux.sh. Fails if the frozen program's --self-test fails offscreen.
set -euo pipefail
py=${1:?usage: build-linux.sh PYTHON}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$("$py" -c 'from core import __version__; print(__version__)')
arch=$(uname -m)
name="haengbot-$version-linux-$arch"

echo "== PyInstaller (one-dir) =="
"$py" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller installer/haengbot.spec

echo "== 자체 점검 (배포본, offscreen) =="
home=$(mktemp -d)
trap 'rm -rf "$home" build/stage' EXIT
QT_QPA_PLATFORM=offscreen HAENGBOT_HOME="$home" dist/HaengBot/HaengBot --self-test

echo "== 묶음 (.tar.gz) =="
rm -rf build/stage && mkdir -p "build/stage/$name/icons"
cp -a dist/HaengBot "build/stage/$name/HaengBot"
cp installer/haengbot.desktop installer/install-linux.sh "build/stage/$name/"
cp resources/icons/haengbot-*.png "build/stage/$name/icons/"
tar -C build/stage -czf "dist/$name.tar.gz" "$name"

bytes=$(du -sb dist/HaengBot | cut -f1)
echo "묶음 크기(압축 전): $((bytes / 1000000)) MB ($bytes bytes), 파일 $(find dist/HaengBot -type f | wc -l)개"
echo "압축 파일: dist/$name.tar.gz ($(($(stat -c %s "dist/$name.tar.gz") / 1000000)) MB)"
