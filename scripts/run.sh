#!/usr/bin/env bash
# Installs what is missing, then runs the terminal on the simulators: full screen where there is a
# display (pass --windowed for a window), and the headless tour into var/tour where there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kiosk run "$@"
