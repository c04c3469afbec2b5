#!/usr/bin/env bash
# Installs what reportgen needs on a Debian/Ubuntu machine; safe to run again (does only what is missing).
#   scripts/setup.sh          fonts + Python virtual environment (enough to build documents)
#   scripts/setup.sh --test   also LibreOffice, poppler and Chromium, which the tests use as real consumers
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-arphic-uming fonts-arphic-ukai fonts-arphic-gkai00mp fonts-arphic-gbsn00lp
          fonts-wqy-microhei fonts-noto-cjk fonts-liberation fontconfig)
if [ "${1:-}" = "--test" ]; then
  packages+=(libreoffice-writer-nogui poppler-utils chromium chromium-driver)  # tests/web: a real browser
fi
if ! command -v python3 >/dev/null 2>&1; then
  packages+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> 安装系统软件包：${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建 Python 虚拟环境 .venv"
  python3 -m venv .venv
fi
stamp=.venv/.reportgen-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> 安装 Python 依赖"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
