#!/usr/bin/env bash
# Sets up Transcoda and opens it: on PROJECT if given, else on the bundled demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ $# -gt 0 ]; then
  exec .venv/bin/python main.py "$@"
fi
demo=$(.venv/bin/python -c 'from app.cli.paths import demo_project_path; print(demo_project_path())')
if [ ! -f "$demo" ]; then
  .venv/bin/transcoda demo "$demo"
fi
exec .venv/bin/python main.py "$demo"
