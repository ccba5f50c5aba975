#!/usr/bin/env bash
# Installs what is missing on a fresh Debian machine: system packages with apt-get, a virtual
# environment in .venv with the project and its Python packages, and the compiled translations.
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  fonts-wqy-microhei     # Chinese glyphs on screen and in receipt renders
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3   # Qt offscreen / xcb runtime
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
  libxcb-render-util0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
  xvfb xauth             # a real window without a display (tests with --onscreen, screenshots)
  pcscd vsmartcard-vpcd  # the real PC/SC stack with a virtual reader for the simulated IC card
  swig libpcsclite-dev   # pyscard builds from source against them
  iproute2               # pcscd's virtual reader is kept in its own network namespace
  chromium               # the teller console's interop test (Playwright drives it)
)

PYTHON=${PYTHON:-python3}
# Debian's own python3 ships venv's pip bootstrap separately.
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  SYSTEM_PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages"
  # Some machines' pip configuration names local indexes that do not exist; pip warns about each
  # one on every run. Those lines are noise, anything else pip says is kept.
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | { grep -v "is ignored: it is neither" || true; }
  .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | { grep -v "is ignored: it is neither" || true; }
  rm -f .venv/.installed-*
  touch "$stamp"
fi

.venv/bin/python -m scripts.build_translations

# Byte-compile the project's modules, as installing a package would: a terminal then starts from
# them instead of compiling every module at each start (about 0.1 s of a 2-core machine's cold
# start). Only changed files are compiled again; where bytecode is never written by Python itself
# (PYTHONDONTWRITEBYTECODE), this is the only way it exists.
.venv/bin/python -m compileall -q kiosk drivers screens simulators scripts >/dev/null
