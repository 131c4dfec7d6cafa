#!/usr/bin/env bash
# Sets up Transcoda with its development tools and runs every check CI runs: ruff, mypy,
# the import-layer contracts, then the whole test suite (GUI tests on Qt's offscreen platform).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
# Tests must never reach for model weights on the network: the hub is switched off.
export HF_HUB_OFFLINE=1
# Keep the user's own caches out of the tests' way, but share the assembled base model
# between runs so it is built once.
export TRANSCODA_CACHE_DIR=${TRANSCODA_CACHE_DIR:-$PWD/.venv/transcoda-cache}
echo "== ruff";          .venv/bin/ruff check .
echo "== mypy";          .venv/bin/mypy models coding transcription app main.py
echo "== import layers"; .venv/bin/lint-imports
echo "== pytest";        .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
