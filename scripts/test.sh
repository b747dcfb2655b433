#!/usr/bin/env bash
# Install everything the test suite needs (Debian chromium included) and run it:
# ruff, unit tests, nbval over every module, and the real-browser tests.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian chromium for the browser tests..." >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "Installing ClassBridge with its test extras into .venv..." >&2
.venv/bin/python -m pip install --disable-pip-version-check -q -e ".[test]"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
