#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite (offscreen), lint and type checks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check kiosk drivers screens simulators tests scripts
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; exec .venv/bin/pytest -p no:cacheprovider "$@"
